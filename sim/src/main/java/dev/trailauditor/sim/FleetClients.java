package dev.trailauditor.sim;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The auditor's clients, served by a simulated {@link Fleet} instead of AWS: the function acts as
 * the audit account, and reaches members only by assuming their role through the fleet's STS,
 * exactly as {@code SdkClients} does.
 */
public final class FleetClients implements AwsClients {
    private final Fleet fleet;
    private final String auditAccountId;

    public FleetClients(Fleet fleet, String auditAccountId) {
        this.fleet = fleet;
        this.auditAccountId = auditAccountId;
    }

    @Override
    public SsmClient ssm(String region) {
        return fleet.ssm(auditAccountId, region);
    }

    @Override
    public S3Client s3(String region) {
        return fleet.s3(auditAccountId, region);
    }

    @Override
    public KmsClient kms(String region) {
        return fleet.kms(auditAccountId, region);
    }

    @Override
    public SnsClient sns(String region) {
        return fleet.sns(auditAccountId, region);
    }

    @Override
    public EventBridgeClient eventBridge(String region) {
        return fleet.eventBridge(auditAccountId, region);
    }

    @Override
    public SqsClient sqs(String region) {
        return fleet.sqs(auditAccountId, region);
    }

    @Override
    public MemberSessions openMemberSessions(AuditConfig config) {
        Map<String, CloudTrailClient> clients = new ConcurrentHashMap<>();
        // One role session per member, whatever the regions its trail is read in (as SdkClients).
        Map<String, Boolean> sessions = new ConcurrentHashMap<>();
        return new MemberSessions() {
            @Override
            public CloudTrailClient cloudTrail(Member member, String region) {
                return clients.computeIfAbsent(member.accountId() + "@" + region, key -> {
                    if (!config.isAuditAccount(member)) {
                        sessions.computeIfAbsent(member.accountId(), id -> {
                            fleet.sts(auditAccountId).assumeRole(r -> {
                                r.roleArn(member.roleArn().toString()).roleSessionName(SdkClients.SESSION_NAME);
                                config.externalId().ifPresent(r::externalId);
                            });
                            return true;
                        });
                    }
                    return fleet.cloudTrail(member.accountId(), region);
                });
            }

            @Override
            public void close() {
                clients.values().forEach(CloudTrailClient::close);
                clients.clear();
            }
        };
    }

    @Override
    public void close() {
        // The fleet's clients hold no resources.
    }
}
