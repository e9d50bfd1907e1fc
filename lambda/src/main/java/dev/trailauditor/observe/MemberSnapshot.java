package dev.trailauditor.observe;

import dev.trailauditor.config.Member;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/** What one read-only look at a member account found. Checks read this; they never call AWS. */
public sealed interface MemberSnapshot {

    Member member();

    /**
     * The trail answered: its settings, status and event selectors as CloudTrail reported them,
     * read in the trail's own home region (which may differ from the registered one), and what of its
     * files the central bucket holds, read with the function's own role (a failure there is that read's alone).
     */
    record Found(Member member, Trail trail, GetTrailStatusResponse status, GetEventSelectorsResponse selectors,
                 Observation<LogArrival> arrival)
            implements MemberSnapshot {

        /** The trail's name, which writes address it by (the registered one if CloudTrail left it out). */
        public String trailName() {
            return trail.name() == null ? member.trailName() : trail.name();
        }

        /**
         * Where the trail lives, and so where writes to it go: not always the registered region
         * ({@link TrailHome}; the registered region only when CloudTrail said neither).
         */
        public String homeRegion() {
            return TrailHome.of(trail.homeRegion(), trail.trailARN()).orElse(member.homeRegion());
        }
    }

    /**
     * The account answered, but has no trail of that name of its own.
     *
     * @param nameFree true when no trail of that name exists in any region, so creating it is possible;
     *                 false when the name is taken by another account's trail, or other regions could not be searched
     */
    record Missing(Member member, String detail, boolean nameFree) implements MemberSnapshot {}

    /** The auditor could not look: role not assumable, access denied, throttled, timed out. */
    record Unreachable(Member member, String reason) implements MemberSnapshot {}
}
