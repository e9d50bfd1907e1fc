package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** The central checks on the seed's own hand-written policies, as the how-to left them. */
class CentralChecksTest {
    private static final java.time.Instant AT = java.time.Instant.parse("2026-11-29T03:00:00Z");
    private static final String KEY = "arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** The seed writes "region" where a region goes; the seed's own kms:ViaService names ap-northeast-1. */
    private static String seed(String name) {
        try (InputStream in = CentralChecksTest.class.getResourceAsStream("/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":region:", ":ap-northeast-1:");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditConfig config(String registry) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRAL_BUCKET", "mybucketname");
        env.put("LOG_PREFIX", "optionalLogFilePrefix");
        env.put("CENTRAL_KEY_ARN", KEY);
        env.put("AUDIT_ACCOUNT_ID", "111111111111");
        env.put("DEFAULT_TRAIL_NAME", "trailName");
        env.put("DEFAULT_HOME_REGION", "ap-northeast-1");
        env.put("MEMBER_REGISTRY", registry);
        return ConfigLoader.load(env, name -> Optional.empty());
    }

    private static CentralSnapshot seedSnapshot() {
        // The seed's bucket is "myBucketName"; S3 names are lowercase, so the test bucket is too.
        String bucket = seed("bucket-policy.json").replace("myBucketName", "mybucketname");
        return new CentralSnapshot(Observation.of(Optional.of(bucket)), Observation.of(seed("key-policy.json")),
                Observation.of(KeyMetadata.builder().arn(KEY).enabled(true).keyState(KeyState.ENABLED).build()));
    }

    /** The policies' and key's outcomes; the hardening controls have tests of their own (CentralHardeningTest). */
    private static Map<String, Outcome> outcomes(List<CheckResult> results) {
        Map<String, Outcome> byKey = new HashMap<>();
        results.stream().filter(r -> !CentralHardening.covers(r.check())).forEach(r -> byKey.put(r.check().id() + (r.account() == null ? "" : "/" + r.account()), r.outcome()));
        return byKey;
    }

    @Test
    void theSeedsHandMadeSetupDeliversForBothAccountsAndLetsNobodyElseIn() {
        AuditConfig config = config("[{\"accountId\":\"111111111111\"},{\"accountId\":\"222222222222\",\"name\":\"interstellar-test\"}]");

        List<CheckResult> results = new CentralChecks(config, AT).evaluate(seedSnapshot()).results();

        Map<String, Outcome> expected = new java.util.HashMap<>();
        for (String account : List.of("111111111111", "222222222222")) {
            for (String check : List.of("bucket-policy.acl-check", "bucket-policy.write", "key-policy.describe",
                    "key-policy.encrypt", "key-policy.decrypt")) {
                expected.put(check + "/" + account, Outcome.PASS);
            }
        }
        for (String check : List.of("bucket.exists", "bucket-policy.exposure", "key-policy.exposure", "key.usable",
                "registry.stale-grant")) {
            expected.put(check, Outcome.PASS);
        }
        assertThat(outcomes(results)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(results).filteredOn(r -> r.check() == Check.BUCKET_WRITE && "222222222222".equals(r.account()))
                .singleElement().satisfies(r -> assertThat(r.actual())
                        .isEqualTo("granted by statement 'AWSCloudTrailWrite-interstellar-test' (#3)"));
    }

    @Test
    void aLooseStatementIsOneExposureFindingListingTheMembersNotALinePerMember() {
        AuditConfig config = config("[{\"accountId\":\"111111111111\"},{\"accountId\":\"222222222222\"}]");
        String bucket = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Anyone\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::mybucketname/*\","
                + "\"Condition\":{\"StringEqualsIfExists\":{\"aws:SourceAccount\":[\"111111111111\",\"222222222222\"]}}},"
                + "{\"Sid\":\"Acl\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},"
                + "\"Action\":\"s3:GetBucketAcl\",\"Resource\":\"arn:aws:s3:::mybucketname\"}]}";
        CentralSnapshot snapshot = new CentralSnapshot(Observation.of(Optional.of(bucket)), seedSnapshot().keyPolicy(),
                seedSnapshot().key());

        List<CheckResult> results = new CentralChecks(config, AT).evaluate(snapshot).results();

        assertThat(results).filteredOn(r -> r.check() == Check.BUCKET_WRITE)
                .allSatisfy(r -> assertThat(r.outcome()).as("CloudTrail delivers").isEqualTo(Outcome.PASS));
        List<CheckResult> exposure = results.stream().filter(r -> r.check() == Check.BUCKET_EXPOSURE).toList();
        assertThat(exposure).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(r.account()).isNull();
            assertThat(r.actual()).startsWith("statement 'Anyone' (#1): ");
        });
        assertThat(exposure.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(exposure.get(0).actual()).isEqualTo("statement 'Anyone' (#1): an anonymous caller may write member logs"
                + " (members 111111111111, 222222222222)");
        // The audit account's own principals are its own business; the member's are not.
        assertThat(exposure).extracting(CheckResult::actual).anySatisfy(a -> assertThat(a)
                .contains("IAM principals of a member may write into its log folder").endsWith("(members 222222222222)"));
    }

    @Test
    void aThirdRegisteredAccountIsMissingEverywhere() {
        AuditConfig config = config("[{\"accountId\":\"111111111111\"},{\"accountId\":\"222222222222\"},{\"accountId\":\"333333333333\"}]");

        Map<String, Outcome> outcomes = outcomes(new CentralChecks(config, AT).evaluate(seedSnapshot()).results());

        assertThat(outcomes).containsEntry("bucket-policy.write/333333333333", Outcome.FAIL)
                .containsEntry("key-policy.encrypt/333333333333", Outcome.FAIL)
                .containsEntry("key-policy.decrypt/333333333333", Outcome.PASS) // the administrator's kms:*
                .containsEntry("bucket-policy.acl-check/333333333333", Outcome.PASS) // the seed's ACL check takes any trail
                .containsEntry("registry.stale-grant", Outcome.PASS);
    }

    @Test
    void grantsOfAnAccountThatLeftTheRegistryAreStale() {
        AuditConfig config = config("[{\"accountId\":\"111111111111\"}]");

        List<CheckResult> stale = new CentralChecks(config, AT).evaluate(seedSnapshot()).results().stream()
                .filter(r -> r.check() == Check.STALE_GRANT).toList();

        assertThat(stale).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(r.account()).isEqualTo("222222222222");
            assertThat(r.actual()).contains("bucket policy ('AWSCloudTrailWrite-interstellar-test')").contains("key policy");
        });
    }

    @Test
    void noBucketPolicyMeansNothingIsGranted() {
        AuditConfig config = config("[{\"accountId\":\"222222222222\"}]");
        CentralSnapshot snapshot = new CentralSnapshot(Observation.of(Optional.empty()), seedSnapshot().keyPolicy(), seedSnapshot().key());

        List<CheckResult> bucket = new CentralChecks(config, AT).evaluate(snapshot).results().stream()
                .filter(r -> r.check().id().startsWith("bucket-policy")).toList();

        assertThat(bucket).filteredOn(r -> !r.check().exposure()).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(r.actual()).startsWith("no Allow statement grants");
        });
        assertThat(bucket).filteredOn(r -> r.check().exposure()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.PASS));
    }

    @Test
    void unreadablePolicyAndDisabledKey() {
        AuditConfig config = config("[{\"accountId\":\"222222222222\"}]");
        CentralSnapshot snapshot = new CentralSnapshot(Observation.failed("AccessDenied: no s3:GetBucketPolicy"),
                Observation.of("{not json"),
                Observation.of(KeyMetadata.builder().arn(KEY).enabled(false).keyState(KeyState.PENDING_DELETION).build()));

        Map<String, Outcome> outcomes = outcomes(new CentralChecks(config, AT).evaluate(snapshot).results());

        assertThat(outcomes).containsEntry("bucket-policy.write/222222222222", Outcome.UNREACHABLE)
                .containsEntry("key-policy.encrypt/222222222222", Outcome.UNREACHABLE)
                .containsEntry("registry.stale-grant", Outcome.UNREACHABLE)
                .containsEntry("key.usable", Outcome.FAIL);
    }
}
