package dev.trailauditor.sim;

/** Who a simulated client acts as: a session of a role in an account. */
record Caller(String accountId, String roleName, String sessionName) {
    /** What the audit function runs as unless a test says otherwise. */
    static final String DEFAULT_ROLE = "TrailAuditorFunction";

    static Caller of(String accountId) {
        return new Caller(accountId, DEFAULT_ROLE, "trail-auditor");
    }

    String arn() {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    String roleArn() {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }
}
