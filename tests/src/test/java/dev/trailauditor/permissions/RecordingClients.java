package dev.trailauditor.permissions;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Another {@link AwsClients} (the simulated fleet's) with every call its clients receive recorded as an
 * {@link IamCall}. A call in the audit account is the function's own; a call in another account can only
 * be made through that member's role. The client interfaces' convenience forms (consumer builders,
 * paginators) are run on the recording client itself, so they are recorded as the call they end in.
 * AssumeRole is not made through these clients: the fleet reports it ({@code Fleet.assumedRoles()}).
 */
public final class RecordingClients implements AwsClients {
    private final AwsClients clients;
    private final String auditAccount;
    private final Function<String, Optional<String>> bucketOwners;
    private final List<IamCall> calls = new CopyOnWriteArrayList<>();

    /** @param bucketOwners the account owning a bucket, by name (for s3:ResourceAccount) */
    public RecordingClients(AwsClients clients, String auditAccount, Function<String, Optional<String>> bucketOwners) {
        this.clients = clients;
        this.auditAccount = auditAccount;
        this.bucketOwners = bucketOwners;
    }

    public List<IamCall> calls() {
        return List.copyOf(calls);
    }

    @Override
    public SsmClient ssm(String region) {
        return recording(SsmClient.class, clients.ssm(region), auditAccount, region);
    }

    @Override
    public S3Client s3(String region) {
        return recording(S3Client.class, clients.s3(region), auditAccount, region);
    }

    @Override
    public KmsClient kms(String region) {
        return recording(KmsClient.class, clients.kms(region), auditAccount, region);
    }

    @Override
    public SnsClient sns(String region) {
        return recording(SnsClient.class, clients.sns(region), auditAccount, region);
    }

    @Override
    public EventBridgeClient eventBridge(String region) {
        return recording(EventBridgeClient.class, clients.eventBridge(region), auditAccount, region);
    }

    @Override
    public SqsClient sqs(String region) {
        return recording(SqsClient.class, clients.sqs(region), auditAccount, region);
    }

    @Override
    public MemberSessions openMemberSessions(AuditConfig config) {
        MemberSessions sessions = clients.openMemberSessions(config);
        return new MemberSessions() {
            @Override
            public CloudTrailClient cloudTrail(Member member, String region) {
                return recording(CloudTrailClient.class, sessions.cloudTrail(member, region), member.accountId(), region);
            }

            @Override
            public void close() {
                sessions.close();
            }
        };
    }

    @Override
    public void close() {
        clients.close();
    }

    private <C extends SdkClient> C recording(Class<C> type, C client, String account, String region) {
        IamCall.Role role = account.equals(auditAccount) ? IamCall.Role.FUNCTION : IamCall.Role.MEMBER;
        InvocationHandler handler = (proxy, method, args) -> {
            // The request first: alone, or with its body or response transformer (S3's PutObject and GetObject).
            if (args != null && args.length >= 1 && args[0] instanceof SdkRequest request) {
                String operation = request.getClass().getSimpleName().replaceFirst("Request$", "");
                calls.add(IamActions.call(role, account, region, client.serviceName(), operation, request, bucketOwners));
                return invoke(method, client, args);
            }
            // The SDK declares operations as default methods too: only the request form goes to the client.
            return method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : invoke(method, client, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
