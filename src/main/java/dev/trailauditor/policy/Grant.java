package dev.trailauditor.policy;

import java.util.Arrays;
import java.util.List;

/** One thing a central policy must allow, and the requirement that says whether it does. */
public enum Grant {
    ACL_CHECK(PolicyKind.BUCKET, true),
    WRITE(PolicyKind.BUCKET, true),
    /** Not per member: CloudTrail describes the key once for all. */
    DESCRIBE(PolicyKind.KEY, false),
    ENCRYPT(PolicyKind.KEY, true),
    DECRYPT(PolicyKind.KEY, true);

    private final PolicyKind kind;
    private final boolean perMember;

    Grant(PolicyKind kind, boolean perMember) {
        this.kind = kind;
        this.perMember = perMember;
    }

    public PolicyKind kind() {
        return kind;
    }

    public boolean perMember() {
        return perMember;
    }

    /** The grants a policy of this kind holds, in the order the auditor writes them. */
    public static List<Grant> of(PolicyKind kind) {
        return Arrays.stream(values()).filter(grant -> grant.kind == kind).toList();
    }

    /** The requirement for this member (DESCRIBE ignores the member). */
    public Requirement requirement(CentralTarget target, Grantee grantee) {
        return switch (this) {
            case ACL_CHECK -> CloudTrailRequirements.bucketAclCheck(target.bucket(), grantee.trailArn());
            case WRITE -> CloudTrailRequirements.bucketWrite(target.bucket(), target.prefix(), grantee.accountId(),
                    grantee.trailArn());
            case DESCRIBE -> CloudTrailRequirements.keyDescribe(target.keyArn());
            case ENCRYPT -> CloudTrailRequirements.keyEncrypt(target.keyArn(), grantee.accountId(), grantee.trailArn());
            case DECRYPT -> CloudTrailRequirements.keyDecrypt(target.keyArn(), target.auditAccountId(),
                    grantee.accountId(), grantee.trailArn());
        };
    }
}
