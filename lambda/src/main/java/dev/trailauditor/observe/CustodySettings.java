package dev.trailauditor.observe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;

/**
 * What can read or drop the logs outside the bucket and key policies, and who hears the report, each read on its own
 * so that one failed read is unreachable for its control alone. An empty value is the service's answer that the
 * setting is not configured (a state to judge), never a failure to read.
 *
 * @param keyGrants   every grant on the central key, all pages
 * @param lifecycle   the bucket's lifecycle rules, at least one; empty: no lifecycle configuration
 * @param replication the bucket's replication configuration, with at least one rule; empty: none
 * @param reportTopic the report topic's attributes as SNS answers them; empty: the run has no topic to read (a terminal
 *                    run), and then nobody is expected to subscribe
 */
public record CustodySettings(
        Observation<List<GrantListEntry>> keyGrants,
        Observation<Optional<List<LifecycleRule>>> lifecycle,
        Observation<Optional<ReplicationConfiguration>> replication,
        Observation<Optional<Map<String, String>>> reportTopic) {

    /** Settings that were not read: every custody control is unreachable. */
    public static CustodySettings notRead(String why) {
        return new CustodySettings(Observation.failed(why), Observation.failed(why), Observation.failed(why),
                Observation.failed(why));
    }
}
