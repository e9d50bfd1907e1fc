package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.json;
import static dev.trailauditor.policy.Registries.TARGET;
import static dev.trailauditor.policy.Registries.policyOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ManagedStatementsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Grantee FIRST = Registries.member(100_000_000_001L);
    private static final Grantee SECOND = new Grantee("100000000002", Arn.of("arn:aws:cloudtrail:us-east-1:100000000002:trail/other"));

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyShapeMeetsEveryRequirementOfEveryGranteeOnBothPolicies(Shape shape) {
        List<Grantee> grantees = List.of(SECOND, FIRST, Registries.member(100_000_000_003L));
        for (PolicyKind kind : PolicyKind.values()) {
            PolicyDocument policy = policyOf(ManagedStatements.forAll(kind, shape, TARGET, grantees));
            for (Grant grant : Grant.of(kind)) {
                for (Grantee grantee : grantees) {
                    Verdict verdict = PolicyEvaluator.evaluate(policy, grant.requirement(TARGET, grantee));
                    assertThat(verdict.status()).as(kind + " " + shape + " " + grant + " " + grantee.accountId())
                            .isEqualTo(Verdict.Status.MET);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void noShapeGrantsAnAccountOutsideTheGrantees(Shape shape) {
        Grantee outsider = Registries.member(100_000_000_009L);
        for (PolicyKind kind : PolicyKind.values()) {
            PolicyDocument policy = policyOf(ManagedStatements.forAll(kind, shape, TARGET, List.of(FIRST, SECOND)));
            for (Grant grant : Grant.of(kind)) {
                // The compact decrypt lets the audit account read any CloudTrail log the key encrypted:
                // it is the one grant that does not name members (the key only encrypts for members anyway).
                boolean anyTrail = shape == Shape.ACCOUNT_LIST && grant == Grant.DECRYPT;
                assertThat(PolicyEvaluator.evaluate(policy, grant.requirement(TARGET, outsider)).status())
                        .as(kind + " " + shape + " " + grant)
                        .isEqualTo(anyTrail ? Verdict.Status.MET : Verdict.Status.MISSING);
            }
        }
    }

    /** DESIGN.md: every shape the auditor writes passes its own exposure checks. */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyShapeRefusesEveryProbe(Shape shape) {
        List<Grantee> grantees = List.of(SECOND, FIRST, Registries.member(100_000_000_003L));
        for (PolicyKind kind : PolicyKind.values()) {
            PolicyDocument policy = policyOf(ManagedStatements.forAll(kind, shape, TARGET, grantees));
            assertThat(PolicyJudgement.of(kind, policy, new CentralRequirements(TARGET, grantees)).exposures()).as(kind + " " + shape)
                    .extracting(f -> f.meaning() + " through " + f.statementNames()).isEmpty();
        }
    }

    @Test
    void perMemberBucketStatementsAreTheShapeOfTheDesign() throws Exception {
        List<ObjectNode> statements = ManagedStatements.forAll(PolicyKind.BUCKET, Shape.PER_MEMBER, TARGET, List.of(FIRST));

        assertThat(statements).containsExactly(
                node("{'Sid':'TrailAuditorAclCheck','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                        + "'Action':'s3:GetBucketAcl','Resource':'arn:aws:s3:::central-trail-logs',"
                        + "'Condition':{'StringEquals':{'aws:SourceArn':'arn:aws:cloudtrail:eu-west-1:100000000001:trail/org-trail'}}}"),
                node("{'Sid':'TrailAuditorWrite100000000001','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                        + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::central-trail-logs/org/AWSLogs/100000000001/*',"
                        + "'Condition':{'StringEquals':{'s3:x-amz-acl':'bucket-owner-full-control',"
                        + "'aws:SourceArn':'arn:aws:cloudtrail:eu-west-1:100000000001:trail/org-trail'}}}"));
    }

    @Test
    void compactKeyStatementsPinAccountsAndTrailNames() throws Exception {
        List<ObjectNode> statements = ManagedStatements.forAll(PolicyKind.KEY, Shape.ACCOUNT_LIST, TARGET, List.of(SECOND, FIRST));

        assertThat(statements).containsExactly(
                node("{'Sid':'TrailAuditorDescribeKey','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                        + "'Action':'kms:DescribeKey','Resource':'*','Condition':{"
                        + "'StringEquals':{'aws:SourceAccount':['100000000001','100000000002']}}}"),
                node("{'Sid':'TrailAuditorEncrypt','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                        + "'Action':'kms:GenerateDataKey*','Resource':'*','Condition':{"
                        + "'StringEquals':{'aws:SourceAccount':['100000000001','100000000002']},"
                        + "'StringLike':{'aws:SourceArn':['arn:aws:cloudtrail:*:*:trail/org-trail','arn:aws:cloudtrail:*:*:trail/other'],"
                        + "'kms:EncryptionContext:aws:cloudtrail:arn':'arn:aws:cloudtrail:*:*:trail/*'}}}"),
                node("{'Sid':'TrailAuditorDecrypt','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::100000000000:root'},"
                        + "'Action':['kms:Decrypt','kms:ReEncryptFrom'],'Resource':'*','Condition':{"
                        + "'StringEquals':{'kms:CallerAccount':'100000000000'},"
                        + "'StringLike':{'kms:EncryptionContext:aws:cloudtrail:arn':'arn:aws:cloudtrail:*:*:trail/*'}}}"));
    }

    @Test
    void listedStatementsCarryOneStatementPerGrantWithListsSortedByAccount() {
        List<ObjectNode> bucket = ManagedStatements.forAll(PolicyKind.BUCKET, Shape.LISTED, TARGET, List.of(SECOND, FIRST));
        List<ObjectNode> key = ManagedStatements.forAll(PolicyKind.KEY, Shape.LISTED, TARGET, List.of(SECOND, FIRST));

        assertThat(bucket).extracting(s -> s.get("Sid").asText()).containsExactly("TrailAuditorAclCheck", "TrailAuditorWrite");
        // Each listed trail writes only its own account's folder: the resource is named by aws:SourceAccount.
        assertThat(bucket.get(1).get("Resource").asText())
                .isEqualTo("arn:aws:s3:::central-trail-logs/org/AWSLogs/${aws:SourceAccount}/*");
        assertThat(key.get(0).at("/Condition/StringEquals/aws:SourceArn").toString()).isEqualTo(json(
                "['arn:aws:cloudtrail:eu-west-1:100000000001:trail/org-trail','arn:aws:cloudtrail:us-east-1:100000000002:trail/other']"));
        assertThat(key).extracting(s -> s.get("Sid").asText())
                .containsExactly("TrailAuditorDescribeKey", "TrailAuditorEncrypt", "TrailAuditorDecrypt");
    }

    @Test
    void perMemberKeyStatementsNameEachAccount() {
        List<ObjectNode> key = ManagedStatements.forAll(PolicyKind.KEY, Shape.PER_MEMBER, TARGET, List.of(SECOND, FIRST));

        assertThat(key).extracting(s -> s.get("Sid").asText()).containsExactly("TrailAuditorDescribeKey",
                "TrailAuditorEncrypt100000000001", "TrailAuditorEncrypt100000000002", "TrailAuditorDecrypt");
    }

    @Test
    void onlyTheGrantsThatAreNeededAreGenerated() {
        List<ObjectNode> statements = ManagedStatements.generate(Shape.PER_MEMBER, TARGET,
                Map.of(Grant.DECRYPT, List.of(FIRST), Grant.ENCRYPT, List.of()));

        assertThat(statements).extracting(s -> s.get("Sid").asText()).containsExactly("TrailAuditorDecrypt");
    }

    @Test
    void aStatementIsManagedByItsSidAndItsContentTogether() {
        PolicyDocument policy = Fixtures.policy(
                "{'Sid':'TrailAuditorWrite1','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                        + "'Action':'s3:PutObject','Resource':'*'}",
                "{'Sid':'TrailAuditorDecrypt','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111111111111:root'},"
                        + "'Action':'kms:Decrypt','Resource':'*'}",
                "{'Sid':'TrailAuditorGuard','Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'*'}",
                "{'Sid':'TrailAuditorWrite2','Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}",
                "{'Sid':'MyTrailAuditor','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:*','Resource':'*'}",
                "{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}");

        // A Deny, or an Allow to anyone, is a person's statement whatever its Sid: the auditor never changes it.
        assertThat(policy.statements()).extracting(ManagedStatements::isManaged)
                .containsExactly(true, true, false, false, false, false);
    }

    private static ObjectNode node(String singleQuoted) throws Exception {
        return (ObjectNode) MAPPER.readTree(json(singleQuoted));
    }
}
