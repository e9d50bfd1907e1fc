package dev.trailauditor.sim;

/** Where a trail delivers: its bucket, optional key prefix and optional KMS key (an ARN once stored). */
record TrailDestination(String bucket, String prefix, String kmsKey) {
    static final TrailDestination NONE = new TrailDestination(null, null, null);

    /** CreateTrail/UpdateTrail semantics: an absent field stays, an empty prefix or key id removes it. */
    TrailDestination updatedBy(String requestedBucket, String requestedPrefix, String requestedKmsKey) {
        return new TrailDestination(requestedBucket != null ? requestedBucket : bucket,
                removableField(prefix, requestedPrefix), removableField(kmsKey, requestedKmsKey));
    }

    TrailDestination withKmsKey(String kmsKeyArn) {
        return new TrailDestination(bucket, prefix, kmsKeyArn);
    }

    private static String removableField(String current, String requested) {
        if (requested == null) {
            return current;
        }
        return requested.isEmpty() ? null : requested;
    }
}
