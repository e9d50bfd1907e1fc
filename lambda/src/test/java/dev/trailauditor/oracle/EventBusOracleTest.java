package dev.trailauditor.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.oracle.OracleResult.Decision;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.EventBusRequirements;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.Shape;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.Probe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bus policy's requests (a member's forwarding role, anyone, an unregistered account, a member's event that is not
 * a CloudTrail record) judged by our evaluator and by the independent oracle, on the bus policies the auditor meets:
 * its own statement (pinned by events:source and events:detail-type; unpinned as earlier versions wrote it), PutPermission's
 * per-account statements, Principal "*", a Deny on plain HTTP, a condition on the sending rule's account.
 */
class EventBusOracleTest {
    private static final String AUDIT = "111111111111";
    private static final String BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events";
    private static final CentralTarget TARGET = new CentralTarget("aws", "central-trail-logs", LogPrefix.NONE,
            "arn:aws:kms:eu-west-1:111111111111:key/k", AUDIT, Instant.parse("2026-11-29T03:00:00Z"), BUS);
    private static final Grantee MEMBER = Grantee.of(Arn.of("arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail"));

    private static final Map<String, String> POLICIES = new LinkedHashMap<>();

    static {
        POLICIES.put("auditor", policy(ManagedStatements.forAll(PolicyKind.EVENT_BUS, Shape.ACCOUNT_LIST, TARGET,
                List.of(MEMBER, Grantee.of(Arn.of("arn:aws:cloudtrail:us-east-1:333333333333:trail/org-trail")))).get(0).toString()));
        POLICIES.put("auditor-unpinned", policy("""
                {"Sid":"TrailAuditorPutEvents","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:root",
                 "arn:aws:iam::333333333333:root"]},"Action":"events:PutEvents","Resource":"%s"}""".formatted(BUS)));
        POLICIES.put("put-permission", policy("""
                {"Sid":"m2","Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"events:PutEvents","Resource":"%s"}"""
                .formatted(BUS)));
        POLICIES.put("anyone", policy("""
                {"Sid":"all","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"%s"}""".formatted(BUS)));
        POLICIES.put("other-member", policy("""
                {"Sid":"m3","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"events:*","Resource":"*"}"""));
        POLICIES.put("deny-http", policy("""
                {"Sid":"all","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"events:PutEvents","Resource":"%1$s"},
                {"Sid":"tls","Effect":"Deny","Principal":"*","Action":"events:PutEvents","Resource":"%1$s",
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""".formatted(BUS)));
        POLICIES.put("rule-account", policy("""
                {"Sid":"rules","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"%s",
                 "Condition":{"StringEquals":{"aws:SourceAccount":["222222222222"]}}}""".formatted(BUS)));
    }

    private static String policy(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }

    @Test
    void ourEvaluatorAndTheOracleDecideTheBusRequestsAlike() {
        List<AccessRequest> requests = new ArrayList<>();
        requests.add(EventBusRequirements.putEvents(TARGET, MEMBER).request());
        EventBusRequirements.probes(TARGET).stream().map(Probe::request).forEach(requests::add);
        requests.add(EventBusRequirements.otherEvents(TARGET, MEMBER));
        List<OracleCase> cases = new ArrayList<>();
        List<Decision> ours = new ArrayList<>();
        POLICIES.forEach((name, policy) -> {
            for (int i = 0; i < requests.size(); i++) {
                cases.add(OracleCase.of(name + "/" + i, policy, AUDIT, OracleRequests.of(requests.get(i))));
                ours.add(OracleRequests.decision(PolicyEvaluator.decide(PolicyDocument.parse(policy), requests.get(i)).decision()));
            }
        });

        List<OracleResult> oracle = new IamOracle().evaluate(cases);

        assertThat(oracle).extracting(OracleResult::error).containsOnlyNulls();
        assertThat(oracle).extracting(r -> r.id() + " " + r.decision())
                .containsExactlyElementsOf(cases.stream().map(c -> c.id() + " " + ours.get(cases.indexOf(c))).toList());
        // The cases matter: the member's request is allowed and refused, and so are the probes.
        assertThat(ours).contains(Decision.ALLOWED, Decision.IMPLICITLY_DENIED);
        assertThat(oracle.get(0).decision()).as("the auditor's statement admits the member").isEqualTo(Decision.ALLOWED);
        assertThat(oracle.get(1).decision()).as("and nobody else").isEqualTo(Decision.IMPLICITLY_DENIED);
        int forged = requests.size() - 1;
        assertThat(oracle.get(forged).decision()).as("the pinned statement refuses a member's other events")
                .isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(oracle.get(requests.size() + forged).decision()).as("the unpinned one of earlier versions let them in")
                .isEqualTo(Decision.ALLOWED);
    }
}
