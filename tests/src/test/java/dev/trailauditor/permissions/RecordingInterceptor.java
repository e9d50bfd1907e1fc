package dev.trailauditor.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Records every request the real SDK clients send, as signed: the SDK loads this interceptor into every
 * client it builds in the test JVM, from
 * {@code src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors} (its global
 * interceptors; https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/interceptors.html), so
 * {@code SdkClients} is used unchanged. It records only while a {@link #start() recording} is open.
 *
 * <p>Who signed a request is read from its Authorization header (the access key and the service of the
 * credential scope); the access keys of member sessions are learnt from the AssumeRole responses.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Pattern ASSUMED_ROLE_ACCOUNT = Pattern.compile("^arn:[^:]+:sts::(\\d{12}):assumed-role/");
    private static volatile Recording active;

    /** One request as sent: the access key that signed it, the signing service, and what it asked. */
    private record Sent(String accessKey, String service, String operation, String region, SdkRequest request) {}

    /** The calls of one run; close it to stop recording. */
    public static final class Recording implements AutoCloseable {
        private final List<Sent> sent = new CopyOnWriteArrayList<>();
        private final Map<String, String> memberAccountsByAccessKey = new ConcurrentHashMap<>();

        /**
         * @param functionAccessKey the function's own credentials; every other key must be a member session's
         */
        public List<IamCall> calls(String functionAccessKey, String auditAccount) {
            List<IamCall> calls = new ArrayList<>();
            for (Sent s : sent) {
                boolean own = s.accessKey().equals(functionAccessKey);
                String account = own ? auditAccount : memberAccountsByAccessKey.get(s.accessKey());
                if (account == null) {
                    throw new AssertionError(s.operation() + " was signed by access key " + s.accessKey()
                            + ", neither the function's nor one an AssumeRole returned");
                }
                // The endpoint does not say who owns a bucket: a condition on s3:ResourceAccount is then unmet.
                calls.add(IamActions.call(own ? IamCall.Role.FUNCTION : IamCall.Role.MEMBER, account, s.region(),
                        s.service(), s.operation(), s.request(), bucket -> Optional.empty()));
            }
            return calls;
        }

        @Override
        public void close() {
            active = null;
        }
    }

    public static Recording start() {
        Recording recording = new Recording();
        active = recording;
        return recording;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Recording recording = active;
        if (recording == null) {
            return;
        }
        String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
        Matcher credential = CREDENTIAL.matcher(authorization);
        if (!credential.find()) {
            throw new AssertionError("an unsigned request: " + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
        recording.sent.add(new Sent(credential.group(1), credential.group(2),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                attributes.getAttribute(AwsExecutionAttribute.AWS_REGION).id(), context.request()));
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        Recording recording = active;
        if (recording != null && context.response() instanceof AssumeRoleResponse assumed) {
            Matcher account = ASSUMED_ROLE_ACCOUNT.matcher(assumed.assumedRoleUser().arn());
            if (account.find()) {
                recording.memberAccountsByAccessKey.put(assumed.credentials().accessKeyId(), account.group(1));
            }
        }
    }
}
