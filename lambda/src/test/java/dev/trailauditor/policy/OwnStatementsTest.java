package dev.trailauditor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which statements are the auditor's: exactly what it writes for the accounts they name, nothing else. */
class OwnStatementsTest {
    private static final CentralTarget TARGET = Registries.TARGET;
    private static final Grantee A = Registries.member(200_000_000_001L);
    private static final Grantee B = new Grantee("200000000002", Arn.of("arn:aws:cloudtrail:us-east-1:200000000002:trail/main"));
    private static final Grantee STALE = new Grantee("200000000009",
            Arn.of("arn:aws:cloudtrail:eu-west-1:200000000009:trail/stale-trail"));
    private static final List<Grantee> REGISTERED = List.of(A, B);

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyStatementTheAuditorWritesIsItsOwnForRegisteredAndStaleTrails(Shape shape) {
        for (PolicyKind kind : List.of(PolicyKind.BUCKET, PolicyKind.KEY)) {
            PolicyDocument policy = Registries.policyOf(ManagedStatements.forAll(kind, shape, TARGET, List.of(A, B, STALE)));

            OwnStatements own = OwnStatements.of(policy, TARGET, REGISTERED);

            assertThat(own.imitations()).as(kind + " " + shape).isEmpty();
            assertThat(own.own()).hasSameSizeAs(policy.statements());
            assertThat(own.staleAccounts()).containsExactly(STALE.accountId());
        }
    }

    @Test
    void theAttackOfTheIssueIsAnImitation() {
        ObjectNode write = compact(Grant.WRITE);
        ((ObjectNode) write.at("/Condition/ArnLike")).put("aws:SourceArn", "arn:aws:cloudtrail:*:*:trail/*");

        assertThat(isOwn(write)).isFalse();
    }

    @Test
    void anyChangeOfPrincipalActionResourceOrConditionMakesAnImitation() {
        List<Consumer<ObjectNode>> edits = List.of(
                s -> s.putObject("Principal").put("Service", "config.amazonaws.com"),
                s -> s.put("Principal", "*"),
                s -> s.putArray("Action").add("s3:PutObject").add("s3:GetObject"),
                s -> s.put("Resource", TARGET.allLogsPath()),
                s -> s.remove("Condition"),
                s -> ((ObjectNode) s.at("/Condition/StringEquals")).remove("s3:x-amz-acl"),
                s -> ((ObjectNode) s.at("/Condition")).set("StringLike", s.at("/Condition/ArnLike")),
                s -> ((ObjectNode) s.at("/Condition")).putObject("IpAddress").put("aws:SourceIp", "10.0.0.0/8"),
                s -> ((ArrayNode) s.at("/Condition/StringEquals/aws:SourceAccount")).add("99999999999x"),
                s -> ((ObjectNode) s.at("/Condition/ArnLike")).put("aws:SourceArn", "arn:aws:cloudtrail:*:*:trail/org-*"),
                s -> ((ObjectNode) s.at("/Condition/ArnLike")).putArray("aws:SourceArn")
                        .add(TARGET.trailsNamed("org-trail")).add(TARGET.trailsNamed("main")).add(TARGET.trailsNamed("evil")));
        assertThat(isOwn(compact(Grant.WRITE))).as("unedited").isTrue();
        for (int i = 0; i < edits.size(); i++) {
            ObjectNode statement = compact(Grant.WRITE);
            edits.get(i).accept(statement);
            assertThat(isOwn(statement)).as("edit #" + i + ": " + statement).isFalse();
        }
    }

    @Test
    void theAccountListMayNameOneLiteralTrailNamePerUnregisteredAccountItListsNeverAWildcard() {
        List<Grantee> withStale = List.of(A, B, STALE);
        ObjectNode write = ManagedStatements.forAll(PolicyKind.BUCKET, Shape.ACCOUNT_LIST, TARGET, withStale).get(1);
        assertThat(isOwn(write)).as("written while the stale account was registered").isTrue();

        ObjectNode twoNames = write.deepCopy();
        ((ArrayNode) twoNames.at("/Condition/ArnLike/aws:SourceArn")).add(TARGET.trailsNamed("another"));
        assertThat(isOwn(twoNames)).as("two names no registered trail has, for one unregistered account").isFalse();

        ObjectNode wildcard = write.deepCopy();
        ArrayNode names = (ArrayNode) wildcard.at("/Condition/ArnLike/aws:SourceArn");
        names.removeAll();
        names.add(TARGET.trailsNamed("main")).add(TARGET.trailsNamed("org-trail")).add(TARGET.trailsNamed("*"));
        assertThat(isOwn(wildcard)).as("a wildcard in place of the stale account's name").isFalse();
    }

    @Test
    void aRegisteredAccountMustCarryItsRegisteredTrailName() {
        List<Grantee> renamed = List.of(A, new Grantee(B.accountId(), Arn.of("arn:aws:cloudtrail:us-east-1:200000000002:trail/old")));
        ObjectNode write = ManagedStatements.forAll(PolicyKind.BUCKET, Shape.ACCOUNT_LIST, TARGET, renamed).get(1);

        assertThat(isOwn(write)).isFalse();
    }

    @Test
    void staleGrantsAreWrittenAgainOnlyFromExactTrailArns() {
        PolicyDocument listed = Registries.policyOf(ManagedStatements.forAll(PolicyKind.BUCKET, Shape.LISTED, TARGET,
                List.of(A, B, STALE)));
        PolicyDocument compact = Registries.policyOf(ManagedStatements.forAll(PolicyKind.BUCKET, Shape.ACCOUNT_LIST, TARGET,
                List.of(A, B, STALE)));

        assertThat(OwnStatements.of(listed, TARGET, REGISTERED).stale(Grant.WRITE)).containsExactly(STALE);
        assertThat(OwnStatements.of(compact, TARGET, REGISTERED).stale(Grant.WRITE)).as("known by name alone").isEmpty();
        assertThat(OwnStatements.of(compact, TARGET, REGISTERED).staleAccounts()).containsExactly(STALE.accountId());
    }

    @Test
    void aDenyOrAStatementWithoutThePrefixIsNeitherOwnNorAnImitation() {
        ObjectNode deny = compact(Grant.WRITE).put("Effect", "Deny");
        ObjectNode theirs = compact(Grant.WRITE).put("Sid", "Theirs");
        PolicyDocument policy = Registries.policyOf(List.of(deny, theirs));

        OwnStatements own = OwnStatements.of(policy, TARGET, REGISTERED);

        assertThat(own.own()).isEmpty();
        assertThat(own.imitations()).as("a Deny lets no one in").isEmpty();
    }

    @Test
    void anImitationIsReportedAndKeptAndItsSidIsNeverWrittenTwice() {
        // An imitation that refuses CloudTrail (an IP condition): the auditor would need its own TrailAuditorWrite.
        ObjectNode imitation = compact(Grant.WRITE);
        ((ObjectNode) imitation.at("/Condition")).putObject("IpAddress").put("aws:SourceIp", "10.0.0.0/8");
        List<ObjectNode> statements = new ArrayList<>(ManagedStatements.forAll(PolicyKind.BUCKET, Shape.ACCOUNT_LIST, TARGET,
                REGISTERED));
        statements.set(1, imitation);
        PolicyDocument policy = Registries.policyOf(statements);

        MergeResult result = new PolicyMerger().merge(PolicyKind.BUCKET, Optional.of(policy), TARGET, REGISTERED, false);
        PolicyJudgement judged = PolicyJudgement.of(PolicyKind.BUCKET, policy, new CentralRequirements(TARGET, REGISTERED));

        assertThat(judged.exposures()).singleElement().satisfies(f -> {
            assertThat(f.level()).isEqualTo(Probe.Level.LOW);
            assertThat(f.statementNames()).contains("'TrailAuditorWrite'").contains(PolicyExposures.IMITATION);
        });
        // PER_MEMBER would take other Sids, but with two members the tightest shape is tried first and fits.
        assertThat(result.shape()).isEqualTo(Shape.PER_MEMBER);
        assertThat(result.document().statementJson()).contains(imitation);
    }

    @Test
    void aForeignStatementHoldingTheSidTheAuditorMustWriteHoldsTheWrite() {
        List<Grantee> fleet = Registries.members(300);
        List<ObjectNode> statements = new ArrayList<>(ManagedStatements.forAll(PolicyKind.BUCKET, Shape.ACCOUNT_LIST, TARGET,
                fleet));
        ObjectNode imitation = statements.get(1);
        ((ObjectNode) imitation.at("/Condition")).putObject("IpAddress").put("aws:SourceIp", "10.0.0.0/8");
        PolicyDocument policy = Registries.policyOf(statements);

        MergeResult result = new PolicyMerger().merge(PolicyKind.BUCKET, Optional.of(policy), TARGET, fleet, false);

        assertThat(result.refused()).isTrue();
        assertThat(result.changed()).isFalse();
        assertThat(result.document().toJson()).isEqualTo(policy.toJson());
        assertThat(result.refusal()).contains("statement 'TrailAuditorWrite' (#2)").contains("imitation")
                .contains("Give that statement a Sid of your own");
    }

    private static ObjectNode compact(Grant grant) {
        return ManagedStatements.forAll(grant.kind(), Shape.ACCOUNT_LIST, TARGET, REGISTERED).stream()
                .filter(s -> s.get("Sid").asText().equals(ManagedStatements.MANAGED_SID_PREFIX + "Write")).findFirst()
                .orElseThrow();
    }

    private static boolean isOwn(ObjectNode statement) {
        PolicyDocument policy = Registries.policyOf(List.of(statement));
        return OwnStatements.of(policy, TARGET, REGISTERED).isOwn(policy.statements().get(0));
    }
}
