package dev.trailauditor.observe;

import dev.trailauditor.policy.Arn;
import java.util.Optional;

/**
 * The one place that says where a trail is homed. {@code HomeRegion} is optional in CloudTrail's
 * answers ("Required: No" in both {@code Trail} and {@code TrailInfo}); the trail's ARN always
 * carries the region it was created in, which is its home.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_TrailInfo.html
 */
public final class TrailHome {

    private TrailHome() {}

    /** {@code HomeRegion} when CloudTrail gave it, else the region of the trail's ARN; empty when neither says. */
    public static Optional<String> of(String homeRegion, String trailArn) {
        if (homeRegion != null && !homeRegion.isBlank()) {
            return Optional.of(homeRegion);
        }
        return Optional.ofNullable(trailArn).flatMap(Arn::parse).map(Arn::region).filter(r -> !r.isBlank());
    }
}
