package dev.trailauditor.permissions;

import java.util.Map;

/**
 * One AWS API call the pipeline made, as IAM authorizes it: which role's session signed it, in which
 * account, the action it needs and the resource it acts on ("*" for actions without resource-level
 * permissions, such as cloudtrail:ListTrails).
 *
 * @param operation the API operation as the SDK named it (e.g. S3's GetBucketPolicy), for messages
 * @param context   the service-specific condition keys the request sets (e.g. {@code s3:prefix} of a listing)
 */
public record IamCall(Role role, String account, String operation, String action, String resource, Map<String, String> context) {

    public IamCall(Role role, String account, String operation, String action, String resource) {
        this(role, account, operation, action, resource, Map.of());
    }

    /** The two kinds of session the pipeline signs with, and the template that declares each role. */
    public enum Role {
        FUNCTION("template.yaml AuditFunction role"),
        MEMBER("member-role.yaml MemberRole");

        private final String declaredIn;

        Role(String declaredIn) {
            this.declaredIn = declaredIn;
        }

        String declaredIn() {
            return declaredIn;
        }
    }

    @Override
    public String toString() {
        return operation + " (" + action + " on " + resource + ") by the " + role.declaredIn() + " in " + account;
    }
}
