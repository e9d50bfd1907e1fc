package dev.trailauditor.check;

import software.amazon.awssdk.services.cloudtrail.model.CloudTrailRequest;

/**
 * What a failed control proposes: one field of one CloudTrail call, before and after. Several
 * controls may fix fields of the same call (UpdateTrail); they then carry the same request, which
 * sends every desired value, so the call is the same whatever drifted.
 *
 * @param control the control it fixes
 * @param call    the CloudTrail API call ({@code UpdateTrail}, {@code PutEventSelectors}, {@code StartLogging})
 * @param field   the field the call changes, as the report names it
 */
public record Fix(Check control, String call, String field, String before, String after, CloudTrailRequest request) {}
