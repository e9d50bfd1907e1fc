package dev.trailauditor.aws;

import dev.trailauditor.config.Member;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/**
 * The clients of one run that act inside member accounts, through each member's role. Closing
 * this closes every client and credentials provider it made.
 */
public interface MemberSessions extends AutoCloseable {
    /** What opening a member's session needs of the function's role, on the member roles. */
    String PERMISSION = "sts:AssumeRole";


    /** A CloudTrail client in the member's registered home region, acting as the member's role. */
    default CloudTrailClient cloudTrail(Member member) {
        return cloudTrail(member, member.homeRegion());
    }

    /**
     * A CloudTrail client in a region of the member's (a trail found homed elsewhere is read and
     * repaired there), acting as the member's role; one role session serves every region.
     */
    CloudTrailClient cloudTrail(Member member, String region);

    @Override
    void close();
}
