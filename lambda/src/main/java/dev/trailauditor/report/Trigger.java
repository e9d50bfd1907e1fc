package dev.trailauditor.report;

import java.util.List;

/**
 * What started an event-driven run: the CloudTrail API calls it re-checks after, and those it left alone.
 *
 * @param events the calls that led to this run, in the order they came (each account and the central policies are
 *               still checked once, however many calls name them)
 * @param ignored the calls that did not, each with why (an unregistered account, the auditor's own repair, ...)
 */
public record Trigger(List<Event> events, List<String> ignored) {

    public Trigger {
        events = List.copyOf(events);
        ignored = List.copyOf(ignored);
    }

    /**
     * One CloudTrail API call, as a person reads it in the email.
     *
     * @param account the account the call was made in
     * @param who the caller's ARN ({@code userIdentity.arn}), or its type when the event has no ARN
     * @param time the call's {@code eventTime}, as CloudTrail wrote it
     * @param target the trail, bucket or key it named, when the event says
     */
    public record Event(String eventName, String account, String who, String time, String target) {

        /** "StopLogging in 222222222222 on org-trail by arn:aws:iam::222222222222:user/mallory at 2026-...". */
        public String describe() {
            return eventName + " in " + account + (target == null ? "" : " on " + target) + " by " + who + " at " + time;
        }
    }
}
