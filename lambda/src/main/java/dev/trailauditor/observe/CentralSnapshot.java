package dev.trailauditor.observe;

import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The central bucket policy (empty when the bucket has none, a valid state), the key policy and
 * the key's metadata, each read once per run with the function's own role.
 *
 * @param bucketMissing S3 answered that the bucket does not exist (then {@code bucketPolicy} failed)
 */
public record CentralSnapshot(
        Observation<Optional<String>> bucketPolicy,
        boolean bucketMissing,
        Observation<String> keyPolicy,
        Observation<KeyMetadata> key) {

    public CentralSnapshot(Observation<Optional<String>> bucketPolicy, Observation<String> keyPolicy,
                           Observation<KeyMetadata> key) {
        this(bucketPolicy, false, keyPolicy, key);
    }
}
