package dev.trailauditor.observe;

import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The central bucket policy (empty when the bucket has none, a valid state), the key policy, the
 * key's metadata and the bucket's and key's hardening settings, each read once per run with the
 * function's own role.
 *
 * @param bucketMissing S3 answered that the bucket does not exist (then {@code bucketPolicy} failed)
 */
public record CentralSnapshot(
        Observation<Optional<String>> bucketPolicy,
        boolean bucketMissing,
        Observation<String> keyPolicy,
        Observation<KeyMetadata> key,
        CentralSettings settings) {

    /** The policies and key alone: the hardening settings count as not read. */
    public CentralSnapshot(Observation<Optional<String>> bucketPolicy, Observation<String> keyPolicy,
                           Observation<KeyMetadata> key) {
        this(bucketPolicy, false, keyPolicy, key, CentralSettings.notRead("not read in this snapshot"));
    }
}
