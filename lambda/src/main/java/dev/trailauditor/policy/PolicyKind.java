package dev.trailauditor.policy;

import java.util.List;

/** The three central policies, the size AWS accepts for each, and the shapes the auditor may write its grants in. */
public enum PolicyKind {
    /** S3 bucket policy: 20 KB. */
    BUCKET(20_480, List.of(Shape.values())),
    /** KMS key policy: 32 KB. */
    KEY(32_768, List.of(Shape.values())),
    /**
     * EventBridge event bus policy: "The permission policy on the event bus cannot exceed 10 KB in size"
     * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html). One statement listing
     * the member accounts, the account-list shape, is all there is to write.
     */
    EVENT_BUS(10_240, List.of(Shape.ACCOUNT_LIST));

    private final int limitBytes;
    private final List<Shape> shapes;

    PolicyKind(int limitBytes, List<Shape> shapes) {
        this.limitBytes = limitBytes;
        this.shapes = shapes;
    }

    public int limitBytes() {
        return limitBytes;
    }

    /** The shapes the merger tries, tightest first. */
    public List<Shape> shapes() {
        return shapes;
    }
}
