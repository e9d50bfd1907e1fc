package dev.trailauditor.aws;

import dev.trailauditor.config.Member;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/**
 * The clients of one run that act inside member accounts, through each member's role. Closing
 * this closes every client and credentials provider it made.
 */
public interface MemberSessions extends AutoCloseable {

    /** A CloudTrail client in the member's home region, acting as the member's role. */
    CloudTrailClient cloudTrail(Member member);

    @Override
    void close();
}
