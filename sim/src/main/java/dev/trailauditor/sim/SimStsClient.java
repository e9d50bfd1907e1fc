package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * STS as one caller. AssumeRole checks the role exists, trusts the caller and gets the
 * ExternalId it requires. Issued access key ids are {@code ASIA + account + 4 hex digits}
 * so a client factory can tell which member account a credential is for
 * ({@link Fleet#accountOfAccessKey(String)}).
 */
final class SimStsClient extends SimClient implements StsClient {
    private static final int DEFAULT_MAX_SESSION_SECONDS = 3600;

    private final Caller caller;

    SimStsClient(Fleet fleet, Caller caller, String region) {
        super(fleet, SimService.STS, caller.accountId(), region);
        this.caller = caller;
    }

    @Override
    public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
        Optional<Arn> roleArn = Arn.parse(request.roleArn())
                .filter(arn -> arn.service().equals("iam") && arn.resource().startsWith("role/"));
        // Logged (and faulted) under the account being reached, as that is what tests vary.
        String target = roleArn.map(Arn::accountId).orElse(callerAccountId);
        return fleet.gate().invoke(service, target, region, "AssumeRole", false, () -> {
            Arn arn = roleArn.orElseThrow(() -> validation("Value '" + request.roleArn()
                    + "' at 'roleArn' failed to satisfy constraint: must be an IAM role ARN"));
            validateSession(request);
            int seconds = Objects.requireNonNullElse(request.durationSeconds(), DEFAULT_MAX_SESSION_SECONDS);
            SimRole role = fleet.findAccount(arn.accountId())
                    .filter(account -> !account.assumeRoleDenied())
                    .flatMap(account -> account.findRole(arn.resourceName()))
                    .filter(r -> r.trusts(caller))
                    .filter(r -> r.externalId() == null || r.externalId().equals(request.externalId()))
                    .orElseThrow(() -> accessDenied(request.roleArn()));
            return issue(arn.accountId(), role, request, seconds);
        });
    }

    @Override
    public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
        return read("GetCallerIdentity", () -> GetCallerIdentityResponse.builder()
                .account(caller.accountId())
                .arn(caller.arn())
                .userId(roleId(caller.accountId(), caller.roleName()) + ":" + caller.sessionName())
                .build());
    }

    private AssumeRoleResponse issue(String accountId, SimRole role, AssumeRoleRequest request, int seconds) {
        String accessKeyId = String.format("ASIA%s%04X", accountId, fleet.nextSession() & 0xFFFF);
        Instant expiration = fleet.clock().instant().plus(Duration.ofSeconds(seconds));
        String sessionArn = "arn:aws:sts::" + accountId + ":assumed-role/" + role.name() + "/"
                + request.roleSessionName();
        fleet.recordAssumedRole(new Fleet.AssumedRole(caller.arn(), role.arn(), request.roleSessionName(),
                request.externalId(), accessKeyId));
        return AssumeRoleResponse.builder()
                .credentials(Credentials.builder()
                        .accessKeyId(accessKeyId)
                        .secretAccessKey(UUID.randomUUID().toString().replace("-", ""))
                        .sessionToken("SimSessionToken/" + UUID.randomUUID())
                        .expiration(expiration)
                        .build())
                .assumedRoleUser(AssumedRoleUser.builder()
                        .arn(sessionArn)
                        .assumedRoleId(roleId(accountId, role.name()) + ":" + request.roleSessionName())
                        .build())
                .build();
    }

    private void validateSession(AssumeRoleRequest request) {
        String session = request.roleSessionName();
        if (session == null || !session.matches("[\\w+=,.@-]{2,64}")) {
            throw validation("Value '" + session + "' at 'roleSessionName' failed to satisfy constraint: "
                    + "Member must have length between 2 and 64 and match [\\w+=,.@-]*");
        }
        Integer seconds = request.durationSeconds();
        if (seconds != null && seconds < 900) {
            throw validation("Value '" + seconds + "' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 900");
        }
        if (seconds != null && seconds > DEFAULT_MAX_SESSION_SECONDS) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
    }

    private RuntimeException accessDenied(String roleArn) {
        return error("AccessDenied", 403, "User: " + caller.arn()
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    private RuntimeException validation(String message) {
        return error("ValidationError", 400, message);
    }

    /** A stable, role-shaped unique id (AWS's look random; tests only need them stable). */
    private static String roleId(String accountId, String roleName) {
        return "AROA" + Integer.toHexString((accountId + roleName).hashCode()).toUpperCase();
    }
}
