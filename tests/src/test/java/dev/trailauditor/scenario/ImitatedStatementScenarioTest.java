package dev.trailauditor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.Grant;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.OwnStatements;
import dev.trailauditor.policy.PolicyDecision;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import dev.trailauditor.policy.Shape;
import dev.trailauditor.policy.Statement;
import dev.trailauditor.report.Json;
import dev.trailauditor.sim.SimBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The security issue's attack, through the real handler in central repair mode: 300 members, so the auditor's bucket
 * statements are in the account-list shape; someone edits its TrailAuditorWrite so that aws:SourceArn reads
 * arn:aws:cloudtrail:*:*:trail/* (any trail of every listed account may write that account's folder) and plants
 * TrailAuditorWrite999999999999, a per-member grant of an unregistered account, beside it.
 */
class ImitatedStatementScenarioTest {
    private static final String AUDIT = "111111111111";
    private static final String STRANGER = "999999999999";
    private static final String ANY_TRAIL = "arn:aws:cloudtrail:*:*:trail/*";

    private static List<String> accounts() {
        return IntStream.range(0, 300).mapToObj(i -> Long.toString(200_000_000_000L + i)).toList();
    }

    private static ScenarioFleet attacked() {
        String registry = accounts().stream().map(a -> "{\"accountId\":\"" + a + "\",\"name\":\"m" + a + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        ScenarioFleet scenario = ScenarioFleet.withRegistry(registry);
        scenario.env.put("CENTRAL_POLICY_MODE", "repair");
        CentralTarget target = scenario.config.centralTarget(ScenarioFleet.NOW);
        // The auditor's own statements for the 300, as it writes them for a bucket with no policy.
        PolicyDocument ours = new PolicyMerger().merge(PolicyKind.BUCKET, Optional.empty(), target,
                scenario.config.grantees(), false).document();
        List<ObjectNode> statements = new ArrayList<>(ours.statementJson());
        ObjectNode write = statements.stream().filter(s -> s.get("Sid").asText().equals("TrailAuditorWrite")).findFirst()
                .orElseThrow();
        ((ObjectNode) write.at("/Condition/ArnLike")).put("aws:SourceArn", ANY_TRAIL);
        Grantee stranger = Grantee.of(Arn.of("arn:aws:cloudtrail:eu-west-1:" + STRANGER + ":trail/org-trail"));
        statements.add(ManagedStatements.forAll(PolicyKind.BUCKET, Shape.PER_MEMBER, target, List.of(stranger)).get(1));
        bucket(scenario).policy(ours.withStatements(statements).toJson());
        return scenario;
    }

    private static SimBucket bucket(ScenarioFleet scenario) {
        return scenario.fleet.account(AUDIT).bucket("central-trail-logs");
    }

    @Test
    void theWidenedStatementIsAnImitationReportedHighAndTheAuditorWritesNothingWiderThanTheRegistry() throws Exception {
        ScenarioFleet scenario = attacked();
        CentralTarget target = scenario.config.centralTarget(ScenarioFleet.NOW);
        List<Grantee> registered = scenario.config.grantees();
        assertThat(PolicyDocument.parse(bucket(scenario).policy().orElseThrow()).statementJson())
                .as("the account-list shape: one TrailAuditorWrite for all 300").hasSize(3);
        JsonNode imitation = statement(bucket(scenario).policy().orElseThrow(), "TrailAuditorWrite");

        JsonNode report = scenario.invoke();

        // The report: a HIGH exposure naming the widened statement as an imitation, not only a LOW stale grant.
        JsonNode central = report.get("central");
        List<JsonNode> exposures = new ArrayList<>();
        central.get("checks").forEach(c -> {
            if (c.get("check").asText().equals("bucket-policy.exposure") && c.get("outcome").asText().equals("FAIL")) {
                exposures.add(c);
            }
        });
        assertThat(exposures).anySatisfy(e -> {
            assertThat(e.get("severity").asText()).isEqualTo("HIGH");
            assertThat(e.get("actual").asText()).contains("statement 'TrailAuditorWrite'")
                    .contains("is not one of the auditor's statements (an imitation")
                    .contains("another trail of a member, not the registered one, may write its log folder");
        });

        PolicyDocument after = PolicyDocument.parse(bucket(scenario).policy().orElseThrow());
        assertThat(statement(after.toJson(), "TrailAuditorWrite")).as("the imitation is kept byte for byte").isEqualTo(imitation);
        OwnStatements own = OwnStatements.of(after, target, registered);
        assertThat(own.imitations()).extracting(Statement::sid).containsExactly("TrailAuditorWrite");
        // 999999999999 is not folded into the auditor's list, nor into any statement the auditor wrote.
        assertThat(own.own()).isNotEmpty().allSatisfy(s -> assertThat(s.json().toString()).doesNotContain(STRANGER));
        assertThat(after.toJson()).doesNotContain(STRANGER);
        // No statement of the auditor's lets an unregistered trail of a member write, nor any trail of 999999999999 (the
        // imitation still lets the registered trails in, so the auditor needs no write grant of its own beside it).
        PolicyDocument auditorsOnly = after.withStatements(own.own().stream().map(Statement::json).toList());
        for (String account : List.of("200000000000", "200000000150", "200000000299", STRANGER)) {
            for (String name : List.of("second-trail", "org-trail")) {
                Grantee trail = Grantee.of(Arn.of("arn:aws:cloudtrail:eu-west-1:" + account + ":trail/" + name));
                boolean registeredTrail = !account.equals(STRANGER) && name.equals("org-trail");
                for (var call : Grant.WRITE.requirement(target, trail).calls()) {
                    if (registeredTrail) {
                        assertThat(allowed(after, call.request())).as(trail + " delivers").isTrue();
                    } else {
                        assertThat(allowed(auditorsOnly, call.request())).as(trail + " " + call.meaning()).isFalse();
                        // The written policy as a whole lets it in no more than the policy before did: the members'
                        // other trails through the imitation (kept, reported HIGH), 999999999999's not at all.
                        assertThat(allowed(after, call.request())).as(trail + " written").isEqualTo(!account.equals(STRANGER));
                    }
                }
            }
        }
        assertThat(scenario.writes()).contains(AUDIT + " PutBucketPolicy");
        assertThat(ScenarioFleet.find(report, "/central/changes", "policy", "bucket policy").get("advice").toString())
                .contains("TrailAuditorWrite").contains("imitation");
    }

    private static JsonNode statement(String policy, String sid) throws Exception {
        for (JsonNode statement : Json.MAPPER.readTree(policy).get("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    private static boolean allowed(PolicyDocument policy, AccessRequest request) {
        return PolicyEvaluator.decide(policy, request).decision() == PolicyDecision.Decision.ALLOWED;
    }
}
