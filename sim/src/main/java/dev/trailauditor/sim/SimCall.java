package dev.trailauditor.sim;

/**
 * One client call as the fleet saw it, failed or not.
 *
 * @param accountId the caller's account, except for AssumeRole, where it is the account
 *                  that owns the role (the account the audit is trying to reach)
 * @param mutating  whether the operation changes state in AWS (a write)
 */
public record SimCall(String accountId, String region, String service, String operation, boolean mutating) {
}
