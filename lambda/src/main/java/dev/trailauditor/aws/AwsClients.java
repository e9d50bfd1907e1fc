package dev.trailauditor.aws;

import dev.trailauditor.config.AuditConfig;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Every AWS client the auditor uses, for the function's own account. Clients are built once per
 * region and live as long as this object; {@link #openMemberSessions} gives the per-run clients
 * that act inside member accounts. {@link SdkClients} talks to AWS; the simulated fleet stands in
 * for it in tests and the demo.
 */
public interface AwsClients extends AutoCloseable {

    SsmClient ssm(String region);

    S3Client s3(String region);

    KmsClient kms(String region);

    SnsClient sns(String region);

    /** The audit account's event bus (its policy), when the event path is configured. */
    EventBridgeClient eventBridge(String region);

    /** The queue of failed calls on the watched trails and policies, when the event path is configured. */
    SqsClient sqs(String region);

    /** Sessions in the member accounts of one run; close them when the run ends. */
    MemberSessions openMemberSessions(AuditConfig config);

    @Override
    void close();
}
