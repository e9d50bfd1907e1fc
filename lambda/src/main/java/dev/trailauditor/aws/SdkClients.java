package dev.trailauditor.aws;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.Member;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place that builds real SDK clients: one shared HTTP client, the standard retry mode,
 * bounded timeouts and an explicit region for every client. {@code AWS_ENDPOINT_URL} (or
 * {@code AWS_ENDPOINT_URL_<SERVICE>}) points everything at an emulator unchanged; an empty one
 * means unset, as the template declares it ({@link Endpoints}).
 */
public final class SdkClients implements AwsClients {
    /**
     * Names the function in the members' own CloudTrail logs. Only a name: whoever may assume the member role may pick
     * it, so nothing is trusted for carrying it (a terminal run has a name of its own).
     */
    public static final String SESSION_NAME = "TrailAuditor";
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int STS_ATTEMPTS = 6;
    /**
     * Idle connections the JDK keeps per host for reuse (default 5): at least the largest
     * PARALLELISM, so parallel calls reuse connections instead of opening (and TLS-handshaking) new
     * ones. Read once, when the JDK first opens an HTTP connection, hence set before any client
     * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/doc-files/net-properties.html).
     */
    static final int KEEP_ALIVE_CONNECTIONS = 64;

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(KEEP_ALIVE_CONNECTIONS));
        }
    }

    private final SdkHttpClient http;
    private final Map<String, String> environment;
    private final AwsCredentialsProvider ownCredentials;
    private final Map<String, SdkAutoCloseable> clients = new ConcurrentHashMap<>();
    private final String sessionName;

    /** The function's clients: member role sessions named {@link #SESSION_NAME}. */
    public SdkClients(Map<String, String> environment) {
        this(environment, SESSION_NAME);
    }

    /**
     * @param environment the process environment: the function's region, endpoint overrides, and
     *                    {@code AWS_PROFILE} (a workstation's named profile; the CLI's --profile sets it)
     * @param sessionName the member role sessions' name, which the members' CloudTrail logs show
     */
    public SdkClients(Map<String, String> environment, String sessionName) {
        this.sessionName = sessionName;
        this.environment = Map.copyOf(environment);
        Endpoints.ignoreEmptyInProcess(System.getenv());
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(ATTEMPT_TIMEOUT)
                .build();
        this.ownCredentials = DefaultCredentialsProvider.builder().profileName(profile(environment)).build();
    }

    private static String profile(Map<String, String> environment) {
        String profile = environment.get("AWS_PROFILE");
        return profile == null || profile.isBlank() ? null : profile.trim();
    }

    /**
     * Who these clients act as (STS GetCallerIdentity, which needs no permission): a terminal run
     * calls it first, so missing, expired or rejected credentials fail before the audit starts.
     */
    public String callerArn() {
        return sts().getCallerIdentity().arn();
    }

    /** Where the function runs (Lambda sets AWS_REGION): STS and the registry parameter are read there. */
    public static String functionRegion(Map<String, String> environment) {
        String region = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
        if (region != null && !region.isBlank()) {
            return region.trim();
        }
        try {
            return DefaultAwsRegionProviderChain.builder().profileName(profile(environment)).build().getRegion().id();
        } catch (SdkClientException e) {
            throw new ConfigException(List.of("AWS_REGION is not set and no default region is configured (from a terminal: --region)"));
        }
    }

    @Override
    public SsmClient ssm(String region) {
        return cached("ssm", region, r -> configure(SsmClient.builder(), "SSM", r, ownCredentials).build());
    }

    @Override
    public S3Client s3(String region) {
        return cached("s3", region, r -> configure(S3Client.builder(), "S3", r, ownCredentials)
                .forcePathStyle(Endpoints.needsPathStyle(environment))
                .crossRegionAccessEnabled(true)
                .build());
    }

    @Override
    public KmsClient kms(String region) {
        return cached("kms", region, r -> configure(KmsClient.builder(), "KMS", r, ownCredentials).build());
    }

    @Override
    public SnsClient sns(String region) {
        return cached("sns", region, r -> configure(SnsClient.builder(), "SNS", r, ownCredentials).build());
    }

    @Override
    public EventBridgeClient eventBridge(String region) {
        return cached("events", region, r -> configure(EventBridgeClient.builder(), "EVENTBRIDGE", r, ownCredentials).build());
    }

    @Override
    public SqsClient sqs(String region) {
        return cached("sqs", region, r -> configure(SqsClient.builder(), "SQS", r, ownCredentials).build());
    }

    /**
     * A client, as the function's own role, of a service the function itself never calls (the terminal's
     * CloudWatch Logs): built and configured here like every other, while its SDK module stays out of the
     * Lambda artifact (only the caller's module depends on it).
     *
     * @param service the service's part of {@code AWS_ENDPOINT_URL_<SERVICE>}
     */
    public <B extends AwsClientBuilder<B, C>, C extends SdkAutoCloseable> C ownClient(String service, String region,
                                                                                   Supplier<B> builder) {
        return cached(service, region, r -> configure(builder.get(), service, r, ownCredentials).build());
    }

    /** Throttled AssumeRole calls are retried longer than other calls: a member is not unreachable for being paced. */
    private StsClient sts() {
        return cached("sts", functionRegion(environment), r -> configure(StsClient.builder(), "STS", r, ownCredentials,
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(STS_ATTEMPTS).build()).build());
    }

    @Override
    public MemberSessions openMemberSessions(AuditConfig config) {
        return new AssumedRoleSessions(config);
    }

    @Override
    public void close() {
        clients.values().forEach(SdkAutoCloseable::close);
        clients.clear();
        http.close();
    }

    @SuppressWarnings("unchecked")
    private <T extends SdkAutoCloseable> T cached(String service, String region, Function<Region, T> build) {
        return (T) clients.computeIfAbsent(service + "@" + region, key -> build.apply(Region.of(region)));
    }

    /** @param service the service's part of {@code AWS_ENDPOINT_URL_<SERVICE>} */
    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, Region region,
                                                           AwsCredentialsProvider credentials) {
        return configure(builder, service, region, credentials, AwsRetryStrategy.standardRetryStrategy());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, Region region,
                                                           AwsCredentialsProvider credentials, RetryStrategy retries) {
        Endpoints.override(environment, service).ifPresent(builder::endpointOverride);
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retries)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    /**
     * The member side of a run: one CloudTrail client per region for every member (one scheduler
     * and one connection pool, however large the fleet), each member's calls signed with its own
     * role session, AssumeRole paced to the configured rate.
     */
    private final class AssumedRoleSessions implements MemberSessions {
        private final AuditConfig config;
        private final StsClient sts;
        private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();

        AssumedRoleSessions(AuditConfig config) {
            this.config = config;
            this.sts = new AssumeRolePacer(sts(), config.assumeRoleRate());
        }

        @Override
        public CloudTrailClient cloudTrail(Member member, String region) {
            CloudTrailClient shared = cached("cloudtrail", region,
                    r -> configure(CloudTrailClient.builder(), "CLOUDTRAIL", r, ownCredentials).build());
            // The audit account's own trail is read with the function's role; members through theirs.
            return config.isAuditAccount(member) ? shared
                    : new MemberCloudTrail(shared, credentials.computeIfAbsent(member.accountId(), id -> credentialsFor(member)));
        }

        /** Assumes the role on first use and refreshes it before it expires; no thread of its own. */
        private AwsCredentialsProvider credentialsFor(Member member) {
            return StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts)
                    .asyncCredentialUpdateEnabled(false)
                    .refreshRequest(request -> {
                        request.roleArn(member.roleArn().toString())
                                .roleSessionName(sessionName)
                                .durationSeconds(3600);
                        config.externalId().ifPresent(request::externalId);
                    })
                    .build();
        }

        @Override
        public void close() {
            credentials.values().forEach(provider -> ((SdkAutoCloseable) provider).close());
            credentials.clear();
        }
    }

    /**
     * Endpoint overrides as the SDK reads them, {@code AWS_ENDPOINT_URL_<SERVICE>} before
     * {@code AWS_ENDPOINT_URL} (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html),
     * except that an empty value means unset: the template declares {@code AWS_ENDPOINT_URL} empty so
     * that {@code sam local invoke} may set it, and the SDK itself fails on an empty one ("The URI
     * scheme of endpointOverride must not be null").
     */
    static final class Endpoints {
        static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
        /** The SDK's switch to ignore endpoint variables (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). */
        static final String IGNORE_CONFIGURED = "aws.ignoreConfiguredEndpointUrls";

        private Endpoints() {}

        static Optional<URI> override(Map<String, String> environment, String service) {
            return value(environment, ENDPOINT_URL + "_" + service).or(() -> value(environment, ENDPOINT_URL)).map(URI::create);
        }

        /** Emulators on an IP address or localhost cannot serve virtual-hosted bucket names. */
        static boolean needsPathStyle(Map<String, String> environment) {
            String host = override(environment, "S3").map(URI::getHost).orElse(null);
            return host != null && (host.equals("localhost") || host.endsWith(".localhost")
                    || host.matches("[0-9.]+") || host.startsWith("["));
        }

        /**
         * The SDK reads the process's endpoint variables on its own; when one is empty it would fail,
         * so it is told to ignore them. Every override it would have found is set explicitly instead
         * ({@link #override}), so nothing else changes.
         */
        static void ignoreEmptyInProcess(Map<String, String> processEnvironment) {
            boolean anyEmpty = processEnvironment.entrySet().stream()
                    .anyMatch(e -> e.getKey().startsWith(ENDPOINT_URL) && e.getValue().isBlank());
            if (anyEmpty && System.getProperty(IGNORE_CONFIGURED) == null) {
                System.setProperty(IGNORE_CONFIGURED, "true");
            }
        }

        private static Optional<String> value(Map<String, String> environment, String name) {
            return Optional.ofNullable(environment.get(name)).map(String::trim).filter(v -> !v.isEmpty());
        }
    }
}
