package dev.trailauditor.observe;

import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The central bucket policy (empty when the bucket has none, a valid state), the key policy, the
 * key's metadata and the bucket's and key's hardening settings, each read once per run with the
 * function's own role; and the event bus's policy (empty when it has none, or when there is no bus to read).
 *
 * @param bucketMissing S3 answered that the bucket does not exist (then {@code bucketPolicy} failed)
 */
public record CentralSnapshot(
        Observation<Optional<String>> bucketPolicy,
        boolean bucketMissing,
        Observation<String> keyPolicy,
        Observation<KeyMetadata> key,
        CentralSettings settings,
        Observation<Optional<String>> busPolicy) {

    /** What a run without an event bus sees of one: nothing. */
    public static final Observation<Optional<String>> NO_BUS = Observation.of(Optional.empty());

    /** Without an event bus. */
    public CentralSnapshot(Observation<Optional<String>> bucketPolicy, boolean bucketMissing, Observation<String> keyPolicy,
                           Observation<KeyMetadata> key, CentralSettings settings) {
        this(bucketPolicy, bucketMissing, keyPolicy, key, settings, NO_BUS);
    }

    /** The policies and key alone, without an event bus: the hardening settings count as not read. */
    public CentralSnapshot(Observation<Optional<String>> bucketPolicy, boolean bucketMissing, Observation<String> keyPolicy,
                           Observation<KeyMetadata> key) {
        this(bucketPolicy, bucketMissing, keyPolicy, key, CentralSettings.notRead("not read in this snapshot"));
    }

    /** The policies and key alone: the hardening settings count as not read. */
    public CentralSnapshot(Observation<Optional<String>> bucketPolicy, Observation<String> keyPolicy,
                           Observation<KeyMetadata> key) {
        this(bucketPolicy, false, keyPolicy, key);
    }

    /** The same snapshot with the bus policy as read. */
    public CentralSnapshot withBusPolicy(Observation<Optional<String>> policy) {
        return new CentralSnapshot(bucketPolicy, bucketMissing, keyPolicy, key, settings, policy);
    }
}
