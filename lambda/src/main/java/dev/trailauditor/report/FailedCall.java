package dev.trailauditor.report;

/**
 * A CloudTrail API call on a watched trail or central policy that failed (denied, say): it changed nothing and starts
 * no re-check, but someone tried, and the next report says so.
 *
 * @param call the call as a person reads it
 * @param errorCode CloudTrail's {@code errorCode}, like {@code AccessDenied}
 */
public record FailedCall(Trigger.Event call, String errorCode) {}
