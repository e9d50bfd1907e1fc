package dev.trailauditor.observe;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whose trails deliver into the central bucket besides the registered members', as the audit account listed it: per
 * account folder under {@code PREFIX/AWSLogs/}, the newest log and digest file of each region within
 * DELIVERY_MAX_AGE_HOURS.
 *
 * @param recent       the newest file of each account, kind and region that arrived recently; older ones are not listed
 * @param otherFolders folders under AWSLogs/ that are not an account's (an organization trail's AWSLogs/o-.../, say)
 */
public record BucketDeliveries(List<Delivery> recent, List<String> otherFolders) {

    /** The newest file of one kind and region folder of an account: a log file, or a digest file. */
    public record Delivery(String account, String region, boolean digest, Instant newest) {}

    public BucketDeliveries {
        recent = List.copyOf(recent);
        otherFolders = List.copyOf(otherFolders);
    }

    /** When the account's newest file of any kind and region arrived; empty when none arrived recently. */
    public Optional<Instant> lastDelivered(String account) {
        return recent.stream().filter(d -> d.account().equals(account)).map(Delivery::newest).max(Comparator.naturalOrder());
    }
}
