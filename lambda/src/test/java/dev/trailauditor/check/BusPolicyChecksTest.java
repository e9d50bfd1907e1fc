package dev.trailauditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** The event bus policy as the third central policy: each member may forward its trail changes, nobody else may. */
class BusPolicyChecksTest {
    private static final Instant AT = Instant.parse("2026-11-29T03:00:00Z");
    private static final String AUDIT = "111111111111";
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events";
    private static final String REGISTRY = "[{\"accountId\":\"111111111111\"},{\"accountId\":\"222222222222\"},{\"accountId\":\"333333333333\"}]";

    private static AuditConfig config(String bus) {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRAL_BUCKET", "central-trail-logs");
        env.put("CENTRAL_KEY_ARN", KEY);
        env.put("AUDIT_ACCOUNT_ID", AUDIT);
        env.put("DEFAULT_TRAIL_NAME", "org-trail");
        env.put("DEFAULT_HOME_REGION", "eu-west-1");
        env.put("MEMBER_REGISTRY", REGISTRY);
        env.put("TRAIL_EVENT_BUS_ARN", bus);
        return ConfigLoader.load(env, name -> Optional.empty());
    }

    private static CentralSnapshot snapshot(Observation<Optional<String>> busPolicy) {
        return new CentralSnapshot(Observation.of(Optional.empty()), Observation.of("{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"),
                Observation.of(KeyMetadata.builder().arn(KEY).enabled(true).keyState(KeyState.ENABLED).build()))
                .withBusPolicy(busPolicy);
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String allow(String sid, String principal) {
        return "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":\"events:PutEvents\",\"Resource\":\"" + BUS + "\"}";
    }

    private static List<CheckResult> bus(String policyJson) {
        return new CentralChecks(config(BUS), AT).evaluate(snapshot(Observation.of(Optional.ofNullable(policyJson)))).results()
                .stream().filter(r -> r.check().id().startsWith("bus-policy.") || r.check() == Check.STALE_GRANT).toList();
    }

    private static List<String> lines(List<CheckResult> results) {
        return results.stream().map(r -> r.check().id() + " " + (r.account() == null ? "-" : r.account()) + " " + r.outcome()
                + " " + r.severity()).toList();
    }

    @Test
    void membersByHandAsPutPermissionWritesThemPassAndTheAuditAccountNeedsNoGrant() {
        List<CheckResult> results = bus(policy(allow("m2", "{\"AWS\":\"arn:aws:iam::222222222222:root\"}"),
                allow("m3", "{\"AWS\":\"333333333333\"}")));

        assertThat(lines(results)).containsExactly("bus-policy.put-events 222222222222 PASS HIGH",
                "bus-policy.put-events 333333333333 PASS HIGH", "bus-policy.exposure - PASS HIGH", "registry.stale-grant - PASS LOW");
    }

    @Test
    void aBusWithoutAPolicyRefusesEveryMember() {
        List<CheckResult> results = bus(null);

        assertThat(lines(results)).contains("bus-policy.put-events 222222222222 FAIL HIGH",
                "bus-policy.put-events 333333333333 FAIL HIGH", "bus-policy.exposure - PASS HIGH");
        assertThat(results.get(0).actual()).startsWith("no Allow statement grants forwarding a trail change (events:PutEvents on "
                + BUS + " by arn:aws:sts::222222222222:assumed-role/");
    }

    @Test
    void aMissingGrantFailsForThatMemberAlone() {
        assertThat(lines(bus(policy(allow("m2", "{\"AWS\":\"arn:aws:iam::222222222222:root\"}")))))
                .contains("bus-policy.put-events 222222222222 PASS HIGH", "bus-policy.put-events 333333333333 FAIL HIGH");
    }

    @Test
    void aStatementForAnyoneIsCriticalAndLetsUnregisteredAccountsInToo() {
        List<CheckResult> results = bus(policy(allow("Everyone", "\"*\"")));

        assertThat(lines(results)).contains("bus-policy.put-events 222222222222 PASS HIGH",
                "bus-policy.exposure - FAIL CRITICAL", "bus-policy.exposure - FAIL MEDIUM");
        assertThat(results).filteredOn(r -> r.check() == Check.BUS_EXPOSURE).extracting(CheckResult::actual).containsExactly(
                "statement 'Everyone' (#1): anyone (Principal \"*\") may put events on the trail event bus",
                "statement 'Everyone' (#1): an unregistered account may put events on the trail event bus (it can only"
                        + " start re-checks, and re-checks ignore events of accounts that are not registered)");
    }

    @Test
    void anUnregisteredAccountIsMediumExposureAndAStaleGrant() {
        List<CheckResult> results = bus(policy(allow("m2", "{\"AWS\":[\"arn:aws:iam::222222222222:root\","
                + "\"arn:aws:iam::333333333333:root\",\"arn:aws:iam::999999999999:root\"]}")));

        assertThat(lines(results)).containsExactly("bus-policy.put-events 222222222222 PASS HIGH",
                "bus-policy.put-events 333333333333 PASS HIGH", "bus-policy.exposure - FAIL MEDIUM",
                "registry.stale-grant 999999999999 FAIL LOW");
        assertThat(results.get(3).actual()).isEqualTo("account is not registered but granted by bus policy ('m2')");
    }

    @Test
    void aBusThatCannotBeReadIsUnreachableNeverAPass() {
        List<CheckResult> results = new CentralChecks(config(BUS), AT)
                .evaluate(snapshot(Observation.failed("AccessDeniedException: no events:DescribeEventBus"))).results().stream()
                .filter(r -> r.check().id().startsWith("bus-policy.") || r.check() == Check.STALE_GRANT).toList();

        assertThat(results).extracting(CheckResult::outcome).containsOnly(Outcome.UNREACHABLE).hasSize(4);
    }

    @Test
    void withoutABusNothingAboutOneIsChecked() {
        List<CheckResult> results = new CentralChecks(config(""), AT).evaluate(snapshot(CentralSnapshot.NO_BUS)).results();

        assertThat(results).extracting(r -> r.check().id()).noneMatch(id -> id.startsWith("bus-policy."));
    }
}
