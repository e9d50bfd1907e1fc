package dev.trailauditor.policy;

/** The two central policies and the size AWS accepts for each. */
public enum PolicyKind {
    /** S3 bucket policy: 20 KB. */
    BUCKET(20_480),
    /** KMS key policy: 32 KB. */
    KEY(32_768);

    private final int limitBytes;

    PolicyKind(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    public int limitBytes() {
        return limitBytes;
    }
}
