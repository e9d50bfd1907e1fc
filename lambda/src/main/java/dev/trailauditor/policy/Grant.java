package dev.trailauditor.policy;

import java.util.Arrays;
import java.util.List;

/** One thing a central policy must allow, and the requirement that says whether it does. */
public enum Grant {
    ACL_CHECK(PolicyKind.BUCKET),
    WRITE(PolicyKind.BUCKET),
    /** CloudTrail describes the key for each trail, with its source keys. */
    DESCRIBE(PolicyKind.KEY),
    ENCRYPT(PolicyKind.KEY),
    DECRYPT(PolicyKind.KEY),
    /** A member's trail-change rule may put its events on the audit account's bus. */
    PUT_EVENTS(PolicyKind.EVENT_BUS);

    private final PolicyKind kind;

    Grant(PolicyKind kind) {
        this.kind = kind;
    }

    public PolicyKind kind() {
        return kind;
    }

    /** The grants a policy of this kind holds, in the order the auditor writes them. */
    public static List<Grant> of(PolicyKind kind) {
        return Arrays.stream(values()).filter(grant -> grant.kind == kind).toList();
    }

    /** The requirement for this member's trail. */
    public Requirement requirement(CentralTarget target, Grantee grantee) {
        return switch (this) {
            case ACL_CHECK -> CloudTrailRequirements.bucketAclCheck(target, grantee);
            case WRITE -> CloudTrailRequirements.bucketWrite(target, grantee);
            case DESCRIBE -> CloudTrailRequirements.keyDescribe(target, grantee);
            case ENCRYPT -> CloudTrailRequirements.keyEncrypt(target, grantee);
            case DECRYPT -> CloudTrailRequirements.keyDecrypt(target, grantee);
            case PUT_EVENTS -> EventBusRequirements.putEvents(target, grantee);
        };
    }
}
