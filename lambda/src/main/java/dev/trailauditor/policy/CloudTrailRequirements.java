package dev.trailauditor.policy;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests CloudTrail (and the audit account) really make against the central bucket and key,
 * with the context they carry, and the requests of others the policies must refuse.
 *
 * <p>What CloudTrail sends: the ACL check and log objects under
 * AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/, with aws:SourceArn (the trail) and aws:SourceAccount
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html),
 * s3:x-amz-acl bucket-owner-full-control and, for a KMS-encrypted trail, the SSE-KMS headers; digest
 * files under AWSLogs/&lt;account&gt;/CloudTrail-Digest/&lt;region&gt;/ when log file validation is on
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html);
 * a multi-region trail writes both for every region it records. Each data key comes from
 * kms:GenerateDataKey with the encryption context aws:cloudtrail:arn = the trail and aws:s3:arn = the
 * object (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html),
 * and CloudTrail describes the key with the same source keys
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 * Every request also carries aws:SecureTransport, aws:CurrentTime and aws:EpochTime
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
public final class CloudTrailRequirements {
    public static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    /** The account foreign probes pretend to come from; it never belongs to a fleet. */
    public static final String FOREIGN_ACCOUNT = "999999999999";

    static final String SOURCE_ARN = "aws:SourceArn";
    static final String SOURCE_ACCOUNT = "aws:SourceAccount";
    static final String SECURE_TRANSPORT = "aws:SecureTransport";
    static final String OBJECT_ACL = "s3:x-amz-acl";
    static final String CALLER_ACCOUNT = "kms:CallerAccount";
    static final String TRAIL_CONTEXT = "kms:EncryptionContext:aws:cloudtrail:arn";
    static final String OBJECT_CONTEXT = "kms:EncryptionContext:aws:s3:arn";
    private static final String OWNER_FULL_CONTROL = "bucket-owner-full-control";
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DIGEST_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private static final Pattern LOG_PATH_ACCOUNT = Pattern.compile("AWSLogs/(?:o-[a-z0-9]+/)?(\\d{12})(?![0-9])");
    private static final Pattern TRAIL_ARN_ACCOUNT = Pattern.compile("arn:[^:]+:cloudtrail:[^:]*:(\\d{12}):trail/");

    private CloudTrailRequirements() {}

    /** bucket-policy.acl-check: CloudTrail may read the bucket ACL for this trail. */
    public static Requirement bucketAclCheck(CentralTarget target, Grantee trail) {
        return new Requirement("CloudTrail may read the ACL of bucket " + target.bucket() + " for " + trail.trailArn(),
                List.of(new Call("the ACL check", fromTrail(target, trail, "s3:GetBucketAcl", target.bucketArn()))));
    }

    /**
     * bucket-policy.write: CloudTrail may write this trail's log files and digest files, owned by the
     * bucket owner and encrypted with the central key, in its home region and in another region it records.
     */
    public static Requirement bucketWrite(CentralTarget target, Grantee trail) {
        List<Call> calls = new ArrayList<>();
        for (String region : regions(trail)) {
            calls.add(new Call("the log file of " + region, logObject(target, trail, region, logKey(target, trail, region))));
            calls.add(new Call("the digest file of " + region, logObject(target, trail, region, digestKey(target, trail, region))));
        }
        return new Requirement("CloudTrail may write logs of " + trail.accountId() + " to "
                + target.objectArn("AWSLogs/" + trail.accountId() + "/").substring(("arn:" + target.partition() + ":s3:::").length()),
                calls);
    }

    /** key-policy.encrypt: CloudTrail may take data keys for this trail's files. */
    public static Requirement keyEncrypt(CentralTarget target, Grantee trail) {
        String object = objectForRegion(target, trail, trail.region());
        return new Requirement("CloudTrail may encrypt logs of " + trail.accountId() + " with " + target.keyArn(),
                List.of(new Call("a data key for a log file", encryptRequest(target, trail, object))));
    }

    /** key-policy.describe: CloudTrail may describe the key for this trail. */
    public static Requirement keyDescribe(CentralTarget target, Grantee trail) {
        return new Requirement("CloudTrail may describe " + target.keyArn() + " for " + trail.trailArn(),
                List.of(new Call("describing the key", fromTrail(target, trail, "kms:DescribeKey", target.keyArn()))));
    }

    /**
     * key-policy.decrypt: the audit account (its root: its IAM policies then say who reads) may decrypt
     * this member's log files.
     */
    public static Requirement keyDecrypt(CentralTarget target, Grantee trail) {
        AccessRequest request = decryptRequest(target, RequestPrincipal.account(target.auditAccountId()), trail);
        return new Requirement("account " + target.auditAccountId() + " may decrypt CloudTrail logs of " + trail.accountId(),
                List.of(new Call("decrypting a log file", request)));
    }

    /**
     * What CloudTrail asks of the bucket policy for this trail to put one file of {@code region} (a multi-region trail
     * writes every region's): the ACL check, then the log file, or the digest file.
     */
    public static List<AccessRequest> bucketDelivery(CentralTarget target, Grantee trail, String region, boolean digest) {
        return List.of(bucketAclCheck(target, trail).request(),
                logObject(target, trail, region, digest ? digestKey(target, trail, region) : logKey(target, trail, region)));
    }

    /** What CloudTrail asks of the key policy for this trail's log file of {@code region}: its data key, and DescribeKey. */
    public static List<AccessRequest> keyDelivery(CentralTarget target, Grantee trail, String region) {
        return List.of(encryptRequest(target, trail, objectForRegion(target, trail, region)),
                keyDescribe(target, trail).request());
    }

    /** Requests of others the bucket policy must refuse, around this member's log folder. */
    public static List<Probe> bucketProbes(CentralTarget target, Grantee trail) {
        String region = trail.region();
        AccessRequest write = logObject(target, trail, region, logKey(target, trail, region));
        Grantee foreignTrail = Grantee.of(trail.trail().inAccount(FOREIGN_ACCOUNT));
        List<Probe> probes = new ArrayList<>();
        probes.add(new Probe("an anonymous caller may write member logs",
                asCaller(RequestPrincipal.anonymous(), write), Probe.Level.CRITICAL));
        probes.add(new Probe("IAM principals of an unregistered account may write member logs",
                asCaller(RequestPrincipal.iam(role(target, FOREIGN_ACCOUNT, "Intruder")), write), Probe.Level.HIGH));
        if (!trail.accountId().equals(target.auditAccountId())) { // the audit account owns the bucket
            probes.add(new Probe("IAM principals of a member may write into its log folder (forge its logs)",
                    asCaller(RequestPrincipal.iam(role(target, trail.accountId(), "Admin")), write), Probe.Level.HIGH));
        }
        probes.add(new Probe("another AWS service may write member logs",
                asCaller(RequestPrincipal.service("config.amazonaws.com"), write)
                        .withContext(SOURCE_ACCOUNT, trail.accountId())
                        .withContext(SOURCE_ARN, "arn:" + target.partition() + ":config:" + region + ":" + trail.accountId()
                                + ":config-rule/config-rule-x"), Probe.Level.MEDIUM));
        probes.add(new Probe("a trail of an unregistered account may write member logs",
                withSource(write, foreignTrail), Probe.Level.MEDIUM));
        probes.add(new Probe("a member's trail may write another account's folder",
                logObject(target, trail, region, "AWSLogs/" + FOREIGN_ACCOUNT + "/CloudTrail/" + region + "/x.json.gz"),
                Probe.Level.LOW));
        probes.add(new Probe("a member's trail may write outside AWSLogs/",
                logObject(target, trail, region, "x.json.gz"), Probe.Level.LOW));
        probes.add(new Probe("a member's trail may write objects the bucket owner does not control (no bucket-owner-full-control)",
                write.withoutContext(OBJECT_ACL), Probe.Level.LOW));
        return probes;
    }

    /** Requests of others the key policy must refuse, for this member's log files. */
    public static List<Probe> keyProbes(CentralTarget target, Grantee trail) {
        String object = objectForRegion(target, trail, trail.region());
        AccessRequest encrypt = encryptRequest(target, trail, object);
        Grantee foreignTrail = Grantee.of(trail.trail().inAccount(FOREIGN_ACCOUNT));
        List<Probe> probes = new ArrayList<>();
        RequestPrincipal anonymous = RequestPrincipal.anonymous();
        RequestPrincipal intruder = RequestPrincipal.iam(role(target, FOREIGN_ACCOUNT, "Intruder"));
        RequestPrincipal memberAdmin = RequestPrincipal.iam(role(target, trail.accountId(), "Admin"));
        probes.add(new Probe("an anonymous caller may decrypt member logs",
                decryptRequest(target, anonymous, trail), Probe.Level.CRITICAL));
        probes.add(new Probe("an anonymous caller may use the key (kms:GenerateDataKey)",
                asCaller(anonymous, encrypt), Probe.Level.CRITICAL));
        probes.addAll(keyUsers(target, trail, "IAM principals of an unregistered account", intruder));
        if (!trail.accountId().equals(target.auditAccountId())) { // the audit account owns the key
            probes.addAll(keyUsers(target, trail, "IAM principals of a member", memberAdmin));
        }
        probes.add(new Probe("a trail of an unregistered account may encrypt with the key",
                encryptRequest(target, foreignTrail, object), Probe.Level.MEDIUM));
        return probes;
    }

    /**
     * A trail of the member's own account that the registry does not name (a second trail, named so no registered
     * trail is) writing into its log folder: it could overwrite or forge the registered trail's files. The auditor's
     * statements admit only registered trails: by ARN, or in the account-list shape by the registered trails' names.
     */
    public static Probe bucketOtherTrailProbe(CentralTarget target, Grantee trail, String unregisteredName) {
        Grantee other = otherTrail(target, trail, unregisteredName);
        return new Probe("another trail of a member, not the registered one, may write its log folder (forge its logs)",
                logObject(target, other, trail.region(), logKey(target, other, trail.region())), Probe.Level.HIGH);
    }

    /** As {@link #bucketOtherTrailProbe}, taking data keys: of no use without the write, as grave as a foreign trail's. */
    public static Probe keyOtherTrailProbe(CentralTarget target, Grantee trail, String unregisteredName) {
        Grantee other = otherTrail(target, trail, unregisteredName);
        return new Probe("another trail of a member, not the registered one, may encrypt with the key",
                encryptRequest(target, other, objectForRegion(target, other, other.region())), Probe.Level.MEDIUM);
    }

    /** A trail name no registered trail has: "unregistered-trail", or with the first number that makes it so. */
    static String unregisteredTrailName(Set<String> registeredNames) {
        String name = "unregistered-trail";
        for (int i = 2; registeredNames.contains(name); i++) {
            name = "unregistered-trail-" + i;
        }
        return name;
    }

    private static Grantee otherTrail(CentralTarget target, Grantee trail, String name) {
        return new Grantee(trail.accountId(), Arn.trail(target.partition(), trail.region(), trail.accountId(), name));
    }

    /** An IAM principal other than the audit account's decrypting the member's logs, or managing the key. */
    private static List<Probe> keyUsers(CentralTarget target, Grantee trail, String who, RequestPrincipal caller) {
        return List.of(
                new Probe(who + " may decrypt member logs", decryptRequest(target, caller, trail), Probe.Level.HIGH),
                new Probe(who + " may manage the key (kms:PutKeyPolicy)", admin(target, caller), Probe.Level.HIGH));
    }

    // --- the requests ---

    /** The regions a trail records: its home, and (multi-region) at least one other. */
    private static List<String> regions(Grantee trail) {
        String other = trail.region().equals("us-east-1") ? "eu-west-1" : "us-east-1";
        return List.of(trail.region(), other);
    }

    /** CloudTrail's request for this trail: service principal, source keys, transport and time. */
    private static AccessRequest fromTrail(CentralTarget target, Grantee trail, String action, String resource) {
        return withSource(timed(target, AccessRequest.of(RequestPrincipal.service(CLOUDTRAIL), action, resource)), trail);
    }

    private static AccessRequest withSource(AccessRequest request, Grantee trail) {
        return request.withContext(keys(SOURCE_ARN, trail.trailArn(), SOURCE_ACCOUNT, trail.accountId()));
    }

    /** Transport and time, which every request carries. */
    static AccessRequest timed(CentralTarget target, AccessRequest request) {
        return request.withContext(keys(SECURE_TRANSPORT, "true", "aws:CurrentTime", target.at().toString(),
                "aws:EpochTime", String.valueOf(target.at().getEpochSecond())));
    }

    /** A PutObject of a trail's file, with the headers CloudTrail sends for an SSE-KMS trail. */
    private static AccessRequest logObject(CentralTarget target, Grantee trail, String region, String key) {
        return fromTrail(target, trail, "s3:PutObject", target.objectArn(key))
                .withContext(keys(OBJECT_ACL, OWNER_FULL_CONTROL, "s3:x-amz-server-side-encryption", "aws:kms",
                        "s3:x-amz-server-side-encryption-aws-kms-key-id", target.keyArn()));
    }

    /**
     * AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/yyyy/MM/dd/&lt;account&gt;_CloudTrail_&lt;region&gt;_&lt;time&gt;_&lt;id&gt;.json.gz
     * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html#cloudtrail-log-filename-format).
     */
    private static String logKey(CentralTarget target, Grantee trail, String region) {
        return "AWSLogs/" + trail.accountId() + "/CloudTrail/" + region + "/" + DAY.format(target.at()) + "/"
                + trail.accountId() + "_CloudTrail_" + region + "_" + LOG_TIME.format(target.at()) + "_Ab12Cd34Ef56Gh78.json.gz";
    }

    /** AWSLogs/&lt;account&gt;/CloudTrail-Digest/&lt;region&gt;/yyyy/MM/dd/&lt;account&gt;_CloudTrail-Digest_&lt;region&gt;_&lt;trail&gt;_&lt;home&gt;_&lt;time&gt;.json.gz */
    private static String digestKey(CentralTarget target, Grantee trail, String region) {
        return "AWSLogs/" + trail.accountId() + "/CloudTrail-Digest/" + region + "/" + DAY.format(target.at()) + "/"
                + trail.accountId() + "_CloudTrail-Digest_" + region + "_" + trail.trailName() + "_" + trail.region() + "_"
                + DIGEST_TIME.format(target.at()) + ".json.gz";
    }

    private static String objectForRegion(CentralTarget target, Grantee trail, String region) {
        return target.objectArn(logKey(target, trail, region));
    }

    private static AccessRequest encryptRequest(CentralTarget target, Grantee trail, String object) {
        return fromTrail(target, trail, "kms:GenerateDataKey", target.keyArn())
                .withContext(TRAIL_CONTEXT, trail.trailArn())
                .withContext(OBJECT_CONTEXT, object)
                .withContext("kms:EncryptionContextKeys", "aws:cloudtrail:arn", "aws:s3:arn");
    }

    private static AccessRequest decryptRequest(CentralTarget target, RequestPrincipal caller, Grantee trail) {
        AccessRequest request = timed(target, AccessRequest.of(caller, "kms:Decrypt", target.keyArn()))
                .withContext(TRAIL_CONTEXT, trail.trailArn())
                .withContext(OBJECT_CONTEXT, objectForRegion(target, trail, trail.region()))
                .withContext("kms:EncryptionContextKeys", "aws:cloudtrail:arn", "aws:s3:arn");
        return caller.kind() == RequestPrincipal.Kind.ACCOUNT ? request.withContext(CALLER_ACCOUNT, caller.name()) : request;
    }

    private static AccessRequest admin(CentralTarget target, RequestPrincipal caller) {
        return timed(target, AccessRequest.of(caller, "kms:PutKeyPolicy", target.keyArn()))
                .withContext(CALLER_ACCOUNT, caller.name());
    }

    /** The same call by someone else, without the source keys only a service sends. */
    private static AccessRequest asCaller(RequestPrincipal caller, AccessRequest request) {
        AccessRequest stripped = request.withoutContext(SOURCE_ARN).withoutContext(SOURCE_ACCOUNT).withPrincipal(caller);
        return caller.kind() == RequestPrincipal.Kind.ACCOUNT && request.action().startsWith("kms:")
                ? stripped.withContext(CALLER_ACCOUNT, caller.name()) : stripped;
    }

    /** Single-valued context keys, given as key, value, key, value... (one context copy for them all). */
    static Map<String, List<String>> keys(String... keysAndValues) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.put(keysAndValues[i], List.of(keysAndValues[i + 1]));
        }
        return keys;
    }

    static String role(CentralTarget target, String account, String name) {
        return Arn.role(target.partition(), account, name).toString();
    }

    /**
     * Accounts that Allow statements aimed at CloudTrail grant something to, with the names of those
     * statements: from AWSLogs/&lt;account&gt;/ resource paths, trail ARNs in condition values and
     * aws:SourceAccount values. Finds grants left behind for accounts that left the registry.
     */
    public static Map<String, List<String>> grantedAccounts(PolicyDocument policy) {
        return grantedAccounts(policy, statement -> statement.namesService(CLOUDTRAIL) ? accountsIn(statement) : Set.of());
    }

    /** By account, sorted: the names of the Allow statements that grant it something, as {@code accountsOf} reads them. */
    static Map<String, List<String>> grantedAccounts(PolicyDocument policy, Function<Statement, Set<String>> accountsOf) {
        Map<String, Set<String>> statementsByAccount = new TreeMap<>();
        for (Statement statement : policy.statements()) {
            if (statement.effect() == Effect.ALLOW) {
                accountsOf.apply(statement).forEach(account ->
                        statementsByAccount.computeIfAbsent(account, a -> new LinkedHashSet<>()).add(statement.name()));
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        statementsByAccount.forEach((account, names) -> result.put(account, List.copyOf(names)));
        return result;
    }

    /** Accounts a statement names: AWSLogs/&lt;account&gt;/ paths, trail ARNs (or patterns) in conditions, aws:SourceAccount. */
    static Set<String> accountsIn(Statement statement) {
        Set<String> accounts = new LinkedHashSet<>();
        statement.grantedResources().forEach(resource -> collect(LOG_PATH_ACCOUNT, resource, accounts));
        for (ConditionClause condition : statement.conditions()) {
            for (String value : condition.values()) {
                collect(TRAIL_ARN_ACCOUNT, value, accounts);
                if (condition.key().equalsIgnoreCase(SOURCE_ACCOUNT) && AccountIds.isAccountId(value)) {
                    accounts.add(value);
                }
            }
        }
        return accounts;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }
}
