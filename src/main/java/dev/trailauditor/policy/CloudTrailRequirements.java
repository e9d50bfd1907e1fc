package dev.trailauditor.policy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The central bucket and key policy requirements of DESIGN.md ("Checks", "Policies it keeps"),
 * each as a request CloudTrail (or the audit account) makes, plus probes a tight grant refuses.
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

    private static final String FOREIGN_TRAIL = "a trail of another account";
    private static final Pattern LOG_PATH_ACCOUNT = Pattern.compile("AWSLogs/(?:o-[a-z0-9]+/)?(\\d{12})(?![0-9])");
    private static final Pattern TRAIL_ARN_ACCOUNT = Pattern.compile("arn:[^:]+:cloudtrail:[^:]*:(\\d{12}):trail/");

    private CloudTrailRequirements() {}

    /** bucket-policy.acl-check: CloudTrail may read the bucket ACL, for this trail only. */
    public static Requirement bucketAclCheck(String bucket, String trailArn) {
        AccessRequest request = withTrailSource(cloudTrail("s3:GetBucketAcl", s3Arn(trailArn, bucket)), trailArn,
                trailAccount(trailArn))
                .withContext(SECURE_TRANSPORT, "true");
        return new Requirement("CloudTrail may read the ACL of bucket " + bucket + " for " + trailArn,
                request, List.of(foreignTrailProbe(request, trailArn)));
    }

    /** bucket-policy.write: CloudTrail may write this member's logs, owned by the bucket owner, for its trail only. */
    public static Requirement bucketWrite(String bucket, String prefixOrNull, String accountId, String trailArn) {
        String logFolder = bucket + "/" + (isBlank(prefixOrNull) ? "" : prefixOrNull + "/") + "AWSLogs/" + accountId + "/";
        String object = s3Arn(trailArn, logFolder + "CloudTrail/us-east-1/2026/01/01/x.json.gz");
        AccessRequest request = withTrailSource(cloudTrail("s3:PutObject", object)
                .withContext(OBJECT_ACL, "bucket-owner-full-control"), trailArn, accountId)
                .withContext(SECURE_TRANSPORT, "true");
        return new Requirement("CloudTrail may write logs of " + accountId + " to " + logFolder, request, List.of(
                foreignTrailProbe(request, trailArn),
                new Probe("an object without bucket-owner-full-control", request.withoutContext(OBJECT_ACL))));
    }

    /**
     * key-policy.encrypt: CloudTrail may encrypt this member's logs, for its trail only. The one probe is
     * a foreign trail with its own encryption context (CloudTrail always sets the context to the
     * requesting trail's ARN). "Own SourceArn, foreign context" is not probed: CloudTrail never sends it,
     * so with the source pinned a context list adds no protection, and probing it would forbid the
     * compact account-list shape.
     */
    public static Requirement keyEncrypt(String keyArn, String accountId, String trailArn) {
        AccessRequest request = withTrailSource(cloudTrail("kms:GenerateDataKey", keyArn), trailArn, accountId)
                .withContext(TRAIL_CONTEXT, trailArn);
        Probe foreign = foreignTrailProbe(request, trailArn);
        return new Requirement("CloudTrail may encrypt logs of " + accountId + " with " + keyArn, request, List.of(
                new Probe(foreign.meaning(), foreign.request().withContext(TRAIL_CONTEXT, foreignTrail(trailArn)))));
    }

    /** key-policy.describe: CloudTrail may describe the key. */
    public static Requirement keyDescribe(String keyArn) {
        return new Requirement("CloudTrail may describe " + keyArn, cloudTrail("kms:DescribeKey", keyArn), List.of());
    }

    /** key-policy.decrypt: the audit account may decrypt this member's logs, and only CloudTrail logs. */
    public static Requirement keyDecrypt(String keyArn, String auditAccountId, String memberAccountId,
                                         String memberTrailArn) {
        AccessRequest request = new AccessRequest(RequestPrincipal.account(auditAccountId), "kms:Decrypt", keyArn,
                Map.of()).withContext(CALLER_ACCOUNT, auditAccountId).withContext(TRAIL_CONTEXT, memberTrailArn);
        return new Requirement("account " + auditAccountId + " may decrypt CloudTrail logs of " + memberAccountId,
                request, List.of(
                        new Probe("data that is not CloudTrail logs", request.withoutContext(TRAIL_CONTEXT)),
                        new Probe("a caller of another account",
                                request.withPrincipal(RequestPrincipal.account(FOREIGN_ACCOUNT))
                                        .withContext(CALLER_ACCOUNT, FOREIGN_ACCOUNT))));
    }

    /**
     * Accounts that Allow statements aimed at CloudTrail grant something to, with the names of those
     * statements: from AWSLogs/&lt;account&gt;/ resource paths, trail ARNs in condition values and
     * aws:SourceAccount values. Finds grants left behind for accounts that left the registry.
     */
    public static Map<String, List<String>> grantedAccounts(PolicyDocument policy) {
        Map<String, Set<String>> statementsByAccount = new TreeMap<>();
        for (Statement statement : policy.statements()) {
            if (statement.effect() == Effect.ALLOW && statement.namesService(CLOUDTRAIL)) {
                accountsIn(statement).forEach(account ->
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

    private static AccessRequest cloudTrail(String action, String resource) {
        return AccessRequest.of(RequestPrincipal.service(CLOUDTRAIL), action, resource);
    }

    /** What CloudTrail sends on behalf of a trail: its ARN and its account. */
    private static AccessRequest withTrailSource(AccessRequest request, String trailArn, String sourceAccount) {
        return request.withContext(SOURCE_ARN, trailArn).withContext(SOURCE_ACCOUNT, sourceAccount);
    }

    /** The same request made for the same-named trail in another account. */
    private static Probe foreignTrailProbe(AccessRequest request, String trailArn) {
        return new Probe(FOREIGN_TRAIL, withTrailSource(request, foreignTrail(trailArn), FOREIGN_ACCOUNT));
    }

    /** The trail ARN with its account replaced by {@link #FOREIGN_ACCOUNT}. */
    static String foreignTrail(String trailArn) {
        trailAccount(trailArn); // validates
        String[] parts = trailArn.split(":", 6);
        parts[4] = FOREIGN_ACCOUNT;
        return String.join(":", parts);
    }

    private static String trailAccount(String trailArn) {
        String account = AccountIds.accountOfArn(trailArn);
        if (account == null || !trailArn.split(":", 6)[2].equals("cloudtrail")) {
            throw new IllegalArgumentException("not a CloudTrail trail ARN: '" + trailArn + "'");
        }
        return account;
    }

    /** An S3 ARN in the trail's partition (aws, aws-cn, aws-us-gov...), where the bucket must be too. */
    private static String s3Arn(String trailArn, String path) {
        trailAccount(trailArn); // validates
        return "arn:" + trailArn.split(":", 3)[1] + ":s3:::" + path;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
