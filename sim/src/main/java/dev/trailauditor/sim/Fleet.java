package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An in-memory world of AWS accounts that answers the SDK v2 client interfaces the
 * auditor uses, with AWS's error codes, so scenario tests and the demo run the real
 * pipeline without network or credentials. Thread-safe.
 */
public final class Fleet {
    private static final Pattern MEMBER_FOLDER = Pattern.compile("AWSLogs/(\\d{12})/");

    /** S3's global region for clients that do not say. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** One successful AssumeRole, kept for assertions. */
    public record AssumedRole(String callerArn, String roleArn, String sessionName, String externalId,
                              String accessKeyId) {
    }

    /** One S3 request on a bucket, kept for assertions: by whom, on which bucket, naming which owner (null: none). */
    public record BucketRequest(String callerAccountId, String bucket, String expectedBucketOwner) {
    }

    private final Clock clock;
    private final Map<String, SimAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, SimBucket> buckets = new ConcurrentHashMap<>();
    private final List<AssumedRole> assumedRoles = new CopyOnWriteArrayList<>();
    private final List<BucketRequest> bucketRequests = new CopyOnWriteArrayList<>();
    private final CallGate gate = new CallGate();
    private final CloudTrailWriteRate cloudTrailWriteRate;
    private final CloudTrailDelivery delivery = new CloudTrailDelivery(this);
    private final AtomicInteger closedClients = new AtomicInteger();
    private final AtomicInteger sessionCounter = new AtomicInteger();

    public Fleet() {
        this(Clock.systemUTC());
    }

    public Fleet(Clock clock) {
        this.clock = clock;
        this.cloudTrailWriteRate = new CloudTrailWriteRate(clock);
    }

    public Clock clock() {
        return clock;
    }

    public SimAccount account(String accountId) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
        }
        return accounts.computeIfAbsent(accountId, id -> new SimAccount(this, id));
    }

    // --- clients, each acting as a caller account in a region ---

    /** STS as the audit function's role ({@value Caller#DEFAULT_ROLE}) in that account. */
    public StsClient sts(String callerAccountId) {
        return new SimStsClient(this, Caller.of(callerAccountId), DEFAULT_REGION);
    }

    /** STS as a session of the given role in that account. */
    public StsClient sts(String callerAccountId, String callerRoleName) {
        return new SimStsClient(this, new Caller(callerAccountId, callerRoleName, "trail-auditor"), DEFAULT_REGION);
    }

    public CloudTrailClient cloudTrail(String accountId, String region) {
        return new SimCloudTrailClient(this, accountId, region);
    }

    public S3Client s3(String callerAccountId) {
        return s3(callerAccountId, DEFAULT_REGION);
    }

    public S3Client s3(String callerAccountId, String region) {
        return new SimS3Client(this, callerAccountId, region);
    }

    public KmsClient kms(String callerAccountId, String region) {
        return new SimKmsClient(this, callerAccountId, region);
    }

    public SnsClient sns(String callerAccountId, String region) {
        return new SimSnsClient(this, callerAccountId, region);
    }

    public EventBridgeClient eventBridge(String callerAccountId, String region) {
        return new SimEventBridgeClient(this, callerAccountId, region);
    }

    public SqsClient sqs(String callerAccountId, String region) {
        return new SimSqsClient(this, callerAccountId, region);
    }

    public SsmClient ssm(String callerAccountId, String region) {
        return new SimSsmClient(this, callerAccountId, region);
    }

    // --- faults and observations ---

    /**
     * Makes calls of {@code operation} (an AWS operation name such as "GetTrailStatus" or
     * "AssumeRole", or "*" for all) by/into {@code accountId} go wrong. Faults stack.
     */
    public Fleet inject(String accountId, String operation, Fault fault) {
        gate.inject(accountId, operation, fault);
        return this;
    }

    /**
     * From now on a CloudTrail write (StartLogging, StopLogging, CreateTrail, UpdateTrail,
     * PutEventSelectors) less than a second, on {@link #clock()}, after the previous one of the
     * same account and region fails with CloudTrail's ThrottlingException, as in AWS.
     */
    public Fleet enforceCloudTrailWriteRate() {
        cloudTrailWriteRate.enforce();
        return this;
    }

    public Fleet clearFaults() {
        gate.clearFaults();
        return this;
    }

    public List<SimCall> calls() {
        return gate.calls();
    }

    public List<SimCall> mutatingCalls() {
        return gate.calls().stream().filter(SimCall::mutating).toList();
    }

    public int closedClients() {
        return closedClients.get();
    }

    public List<AssumedRole> assumedRoles() {
        return List.copyOf(assumedRoles);
    }

    /** Every S3 request on a bucket, in order, failed or not. */
    public List<BucketRequest> bucketRequests() {
        return List.copyOf(bucketRequests);
    }

    /** The account a fleet access key id belongs to (see {@link SimStsClient}), if it is one. */
    public static Optional<String> accountOfAccessKey(String accessKeyId) {
        return accessKeyId != null && accessKeyId.matches("ASIA\\d{12}[0-9A-F]{4}")
                ? Optional.of(accessKeyId.substring(4, 16))
                : Optional.empty();
    }

    // --- package-private plumbing for the clients ---

    CallGate gate() {
        return gate;
    }

    CloudTrailWriteRate cloudTrailWriteRate() {
        return cloudTrailWriteRate;
    }

    /**
     * Brings CloudTrail's deliveries up to date before S3 answers about {@code keyOrPrefix}: those of the account whose
     * {@code AWSLogs/<account>/} folder it names, or of every account.
     */
    void deliverTrailFiles(String keyOrPrefix) {
        Matcher folder = MEMBER_FOLDER.matcher(keyOrPrefix == null ? "" : keyOrPrefix);
        List<SimAccount> looked = folder.find() ? findAccount(folder.group(1)).stream().toList() : List.copyOf(accounts.values());
        looked.forEach(account -> account.trails().forEach(trail -> delivery.catchUp(trail, clock.instant())));
    }

    void clientClosed() {
        closedClients.incrementAndGet();
    }

    Optional<SimAccount> findAccount(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    /** The account owning a bucket (S3's bucket names are global), if it exists. */
    public Optional<String> bucketOwner(String name) {
        return findBucket(name).map(SimBucket::ownerAccountId);
    }

    Optional<SimBucket> findBucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    void deleteBucket(String name, String ownerAccountId) {
        buckets.computeIfPresent(name, (n, bucket) -> bucket.ownerAccountId().equals(ownerAccountId) ? null : bucket);
    }

    SimBucket bucket(String name, String ownerAccountId) {
        SimBucket bucket = buckets.computeIfAbsent(name, n -> new SimBucket(n, ownerAccountId));
        if (!bucket.ownerAccountId().equals(ownerAccountId)) {
            throw new IllegalStateException("bucket " + name + " already belongs to " + bucket.ownerAccountId());
        }
        return bucket;
    }

    /** A key anywhere in the fleet, by its full ARN. */
    Optional<SimKey> findKeyByArn(String keyArn) {
        return Arn.parse(keyArn)
                .filter(arn -> arn.service().equals("kms") && arn.resource().startsWith("key/"))
                .flatMap(arn -> findAccount(arn.accountId())
                        .flatMap(account -> account.findKey(arn.region(), arn.resourceName())));
    }

    void recordBucketRequest(BucketRequest request) {
        bucketRequests.add(request);
    }

    void recordAssumedRole(AssumedRole assumed) {
        assumedRoles.add(assumed);
    }

    int nextSession() {
        return sessionCounter.incrementAndGet();
    }
}
