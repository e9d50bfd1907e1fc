package dev.trailauditor.aws;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.Member;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place that builds real SDK clients: one shared HTTP client, the standard retry mode,
 * bounded timeouts and an explicit region for every client. Endpoints come from the SDK's own
 * settings, so {@code AWS_ENDPOINT_URL} points everything at an emulator unchanged.
 */
public final class SdkClients implements AwsClients {
    /** Names the auditor in the members' own CloudTrail logs. */
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

    /**
     * @param environment the process environment: the function's region, endpoint overrides, and
     *                    {@code AWS_PROFILE} (a workstation's named profile; the CLI's --profile sets it)
     */
    public SdkClients(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
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
        return cached("ssm", region, r -> configure(SsmClient.builder(), r, ownCredentials).build());
    }

    @Override
    public S3Client s3(String region) {
        return cached("s3", region, r -> configure(S3Client.builder(), r, ownCredentials)
                .forcePathStyle(Endpoints.needsPathStyle(environment))
                .crossRegionAccessEnabled(true)
                .build());
    }

    @Override
    public KmsClient kms(String region) {
        return cached("kms", region, r -> configure(KmsClient.builder(), r, ownCredentials).build());
    }

    @Override
    public SnsClient sns(String region) {
        return cached("sns", region, r -> configure(SnsClient.builder(), r, ownCredentials).build());
    }

    @Override
    public CloudWatchLogsClient logs(String region) {
        return cached("logs", region, r -> configure(CloudWatchLogsClient.builder(), r, ownCredentials).build());
    }

    /** Throttled AssumeRole calls are retried longer than other calls: a member is not unreachable for being paced. */
    private StsClient sts() {
        return cached("sts", functionRegion(environment), r -> configure(StsClient.builder(), r, ownCredentials,
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

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region, AwsCredentialsProvider credentials) {
        return configure(builder, region, credentials, AwsRetryStrategy.standardRetryStrategy());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region, AwsCredentialsProvider credentials,
                                                           RetryStrategy retries) {
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
                    r -> configure(CloudTrailClient.builder(), r, ownCredentials).build());
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
                        request.roleArn(member.roleArn(config.partition()))
                                .roleSessionName(SESSION_NAME)
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

    /** Emulators on an IP address or localhost cannot serve virtual-hosted bucket names. */
    static final class Endpoints {
        private Endpoints() {}

        static boolean needsPathStyle(Map<String, String> environment) {
            String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_S3", environment.get("AWS_ENDPOINT_URL"));
            if (endpoint == null || endpoint.isBlank()) {
                return false;
            }
            String host = URI.create(endpoint.trim()).getHost();
            return host != null && (host.equals("localhost") || host.endsWith(".localhost")
                    || host.matches("[0-9.]+") || host.startsWith("["));
        }
    }
}
