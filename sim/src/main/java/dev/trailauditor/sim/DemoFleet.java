package dev.trailauditor.sim;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.Member;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The built-in fleet of the {@code demo} command: an audit account and four members with the
 * drift hand-made setups typically have. It is the simulated fleet the scenario tests use, on the
 * system clock, so the demo runs the real pipeline exactly as against AWS.
 */
public final class DemoFleet {
    public static final String AUDIT_ACCOUNT = "111111111111";
    public static final String OTHER_BUCKET = "analytics-team-logs";

    /** The demo's settings: what an audit.json would hold. */
    public static final Map<String, String> SETTINGS = Map.of(
            ConfigLoader.CENTRAL_BUCKET, "central-trail-logs",
            ConfigLoader.LOG_PREFIX, "org",
            ConfigLoader.CENTRAL_KEY_ARN, "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ConfigLoader.AUDIT_ACCOUNT_ID, AUDIT_ACCOUNT,
            ConfigLoader.DEFAULT_TRAIL_NAME, "org-trail",
            ConfigLoader.DEFAULT_HOME_REGION, "eu-west-1",
            ConfigLoader.MEMBER_REGISTRY, """
                    [{"accountId":"222222222222","name":"prod"},
                     {"accountId":"333333333333","name":"staging"},
                     {"accountId":"444444444444","name":"analytics"},
                     {"accountId":"555555555555","name":"sandbox","homeRegion":"us-east-1"}]""",
            // The demo shows the opt-in: a hand-written grant that lets in more than the members' trails is replaced.
            ConfigLoader.TIGHTEN_FOREIGN_GRANTS, "true",
            "AWS_REGION", "eu-west-1");

    private final Fleet fleet = new Fleet(Clock.systemUTC());
    private final AuditConfig config = ConfigLoader.load(SETTINGS, name -> Optional.empty());

    private DemoFleet() {
        HealthyFleet.setUp(fleet, config);
        trail("333333333333").stopLogging();
        trail("444444444444").bucket(OTHER_BUCKET);
        List<String> allButSandbox = config.members().stream().filter(m -> !m.accountId().equals("555555555555"))
                .map(m -> m.trailArn().toString()).toList();
        fleet.account(AUDIT_ACCOUNT).kmsKey(config.centralRegion(), HealthyFleet.keyId(config))
                .policy(GrantingPolicies.key(AUDIT_ACCOUNT, allButSandbox));
        fleet.account(AUDIT_ACCOUNT).bucket(config.centralBucket()).policy(handWrittenBucketPolicy());
    }

    public static DemoFleet create() {
        return new DemoFleet();
    }

    /** The drift seeded above, as a person would describe it. */
    public static List<String> drift() {
        return List.of(
                "staging (333333333333): someone stopped its trail",
                "analytics (444444444444): its trail delivers to " + OTHER_BUCKET + " instead of the central bucket",
                "sandbox (555555555555): neither the key policy nor the hand-written bucket policy grants its trail"
                        + " (it was added after them)",
                "prod (222222222222): its hand-written bucket grant is not pinned to its trail, so a trail of any"
                        + " account may write prod's log folder");
    }

    public Fleet fleet() {
        return fleet;
    }

    public FleetClients clients() {
        return new FleetClients(fleet, AUDIT_ACCOUNT);
    }

    public String bucketPolicy() {
        return fleet.account(AUDIT_ACCOUNT).bucket(config.centralBucket()).policy().orElse("");
    }

    public String keyPolicy() {
        return fleet.account(AUDIT_ACCOUNT).kmsKey(config.centralRegion(), HealthyFleet.keyId(config)).policy();
    }

    private SimTrail trail(String accountId) {
        return HealthyFleet.trail(fleet, config.membersWithIds(List.of(accountId)).get(0));
    }

    /**
     * As the seed's how-to writes it: an unpinned ACL check, one write statement per member named by
     * hand; sandbox was forgotten, and prod's statement lost its aws:SourceArn. Someone did add the
     * Deny of plain HTTP that a hardened log bucket has, so the demo's drift is the grants alone.
     */
    private String handWrittenBucketPolicy() {
        String writes = config.members().stream().filter(m -> !m.accountId().equals("555555555555"))
                .map(this::handWrittenWrite).collect(Collectors.joining(",\n"));
        return """
                {"Version":"2012-10-17","Statement":[
                {"Sid":"AWSCloudTrailAclCheck20150319","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                 "Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::%1$s"},
                %2$s,
                {"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*",
                 "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"""
                .formatted(config.centralBucket(), writes);
    }

    private String handWrittenWrite(Member member) {
        String pinned = member.accountId().equals("222222222222") ? ""
                : ",\"AWS:SourceArn\":\"" + member.trailArn() + "\"";
        return """
                {"Sid":"AWSCloudTrailWrite-%s","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                 "Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/%s/AWSLogs/%s/*",
                 "Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"%s}}}"""
                .formatted(member.name().orElse(member.accountId()), config.centralBucket(), config.logPrefix().apiValue(),
                        member.accountId(), pinned);
    }
}
