package dev.trailauditor.observe;

import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The central bucket policy (empty when the bucket has none, a valid state), the key policy and
 * the key's metadata, each read once per run with the function's own role.
 */
public record CentralSnapshot(
        Observation<Optional<String>> bucketPolicy,
        Observation<String> keyPolicy,
        Observation<KeyMetadata> key) {}
