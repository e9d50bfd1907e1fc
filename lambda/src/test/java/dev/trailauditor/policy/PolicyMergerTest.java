package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.AUDIT;
import static dev.trailauditor.policy.Fixtures.BUCKET;
import static dev.trailauditor.policy.Fixtures.KEY;
import static dev.trailauditor.policy.Fixtures.MEMBER;
import static dev.trailauditor.policy.Fixtures.PREFIX;
import static dev.trailauditor.policy.Fixtures.UNREGISTERED;
import static dev.trailauditor.policy.Fixtures.json;
import static dev.trailauditor.policy.Fixtures.seed;
import static dev.trailauditor.policy.Fixtures.trail;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Merging the registry into the seed's policies and into hand-made ones. */
class PolicyMergerTest {
    private static final CentralTarget TARGET = new CentralTarget("aws", BUCKET, LogPrefix.of(PREFIX), KEY, AUDIT, Fixtures.AT);
    private static final List<Grantee> SEED_REGISTRY = List.of(grantee(AUDIT), grantee(MEMBER));
    private static final List<Grantee> THREE = List.of(grantee(AUDIT), grantee(MEMBER), grantee(UNREGISTERED));
    private static final String FOREIGN_TAG = "{'Sid':'%s','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
            + "'Action':'s3:GetObject','Resource':'arn:aws:s3:::myBucketName/reports/*'}";

    private final PolicyMerger merger = new PolicyMerger();

    @Test
    void theSeedsHandWrittenBucketPolicyDeliversSoNothingIsWritten() {
        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.of(seed("bucket-policy.json")), TARGET, SEED_REGISTRY, false);

        // Its unpinned ACL check lets every trail read the ACL, which delivers; its writes are pinned per account.
        assertThat(result.changed()).isFalse();
        assertThat(result.added()).isEmpty();
        assertThat(result.stillUnmet()).isEmpty();
        assertThat(result.advice()).isEmpty();
        assertThat(result.document().statementJson()).isEqualTo(seed("bucket-policy.json").statementJson());
    }

    @Test
    void theSeedsKeyPolicyLetsTheAuditAccountDecryptEveryMemberThroughItsAdministratorSoNothingIsWritten() {
        MergeResult result = merger.merge(PolicyKind.KEY, Optional.of(seed("key-policy.json")), TARGET, SEED_REGISTRY, false);

        assertThat(result.changed()).isFalse();
        assertThat(result.added()).isEmpty();
        assertThat(result.stillUnmet()).isEmpty();
        assertThat(result.document().id()).isEqualTo("Key policy created by CloudTrail");
    }

    @Test
    void aThirdAccountGetsItsOwnGrantsAndTheSharedOnesGrow() {
        MergeResult bucket = merger.merge(PolicyKind.BUCKET, Optional.of(seed("bucket-policy.json")), TARGET, THREE, false);
        MergeResult key = merger.merge(PolicyKind.KEY, Optional.of(seed("key-policy.json")), TARGET, THREE, false);

        // The seed's ACL check and DescribeKey take any trail and its administrator decrypts everything:
        // only the third account's write and encrypt grants are missing.
        assertThat(sids(bucket.added())).containsExactly("TrailAuditorWrite333333333333");
        assertThat(sids(key.added())).containsExactly("TrailAuditorEncrypt333333333333");
        assertThat(key.added().get(0).at("/Condition/StringEquals/aws:SourceArn").asText()).isEqualTo(trail(UNREGISTERED));
        assertThat(bucket.stillUnmet()).isEmpty();
        assertThat(key.stillUnmet()).isEmpty();
    }

    @Test
    void aSecondRunWritesNothing() {
        for (PolicyKind kind : PolicyKind.values()) {
            PolicyDocument seedPolicy = seed(kind == PolicyKind.BUCKET ? "bucket-policy.json" : "key-policy.json");
            MergeResult first = merger.merge(kind, Optional.of(seedPolicy), TARGET, THREE, false);

            MergeResult second = merger.merge(kind, Optional.of(first.document()), TARGET, THREE, false);

            assertThat(second.changed()).as(kind.name()).isFalse();
            assertThat(second.document().toJson()).isEqualTo(first.document().toJson());
            assertThat(second.added()).isEmpty();
            assertThat(second.replaced()).isEmpty();
            assertThat(second.removed()).isEmpty();
        }
    }

    @Test
    void aStatementOfTheAuditorsThatLostATrailIsReplacedInItsPlace() {
        PolicyDocument ours = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, THREE, false).document();
        List<ObjectNode> edited = new ArrayList<>(ours.statementJson());
        ObjectNode narrowed = edited.get(0).deepCopy(); // the ACL check, for three trails: now for two
        ((com.fasterxml.jackson.databind.node.ArrayNode) narrowed.at("/Condition/StringEquals/aws:SourceArn")).remove(1);
        edited.set(0, narrowed);
        edited.add(0, Fixtures.policy(FOREIGN_TAG.formatted("First")).statementJson().get(0));

        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.of(ours.withStatements(edited)), TARGET, THREE, false);

        assertThat(result.replaced()).singleElement().satisfies(replacement -> {
            assertThat(replacement.before()).isEqualTo(narrowed);
            assertThat(replacement.after()).isEqualTo(ours.statementJson().get(0));
        });
        assertThat(result.added()).isEmpty();
        assertThat(result.document().statementJson().get(1)).isEqualTo(ours.statementJson().get(0));
    }

    @Test
    void aHandEditedStatementThatGrantsMoreIsAnImitationKeptAsItIsAndNamed() {
        PolicyDocument repaired = merger.merge(PolicyKind.BUCKET, Optional.of(seed("bucket-policy.json")), TARGET, THREE, false)
                .document();
        List<ObjectNode> edited = new ArrayList<>(repaired.statementJson());
        ObjectNode drifted = edited.get(3).deepCopy();
        ((ObjectNode) drifted.at("/Condition/StringEquals")).remove("s3:x-amz-acl");
        edited.set(3, drifted);
        PolicyDocument current = repaired.withStatements(edited);

        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.of(current), TARGET, THREE, false);

        // It still lets the member's trail write, so the auditor needs no statement of its own beside it.
        assertThat(result.changed()).isFalse();
        assertThat(result.document().statementJson()).isEqualTo(current.statementJson());
        assertThat(result.advice()).singleElement().asString().startsWith("statement 'TrailAuditorWrite333333333333' (#4)")
                .contains("no bucket-owner-full-control").contains(PolicyExposures.IMITATION);
    }

    @Test
    void foreignStatementsBeforeAndBetweenOursKeepTheirPlaceAndOursGatherAtTheFirst() {
        List<ObjectNode> stale = ManagedStatements.forAll(PolicyKind.BUCKET, Shape.PER_MEMBER, TARGET,
                List.of(grantee("999999999999")));
        PolicyDocument current = Fixtures.policy(FOREIGN_TAG.formatted("First"), FOREIGN_TAG.formatted("Middle"),
                FOREIGN_TAG.formatted("Last"));
        current = current.withStatements(List.of(current.statementJson().get(0), stale.get(0), current.statementJson().get(1),
                stale.get(1), current.statementJson().get(2)));

        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.of(current), TARGET, List.of(grantee(MEMBER)), true);

        assertThat(sids(result.document())).containsExactly("First", "TrailAuditorAclCheck",
                "TrailAuditorWrite222222222222", "Middle", "Last");
        assertThat(sids(result.replaced().stream().map(MergeResult.Replacement::after).toList()))
                .containsExactly("TrailAuditorAclCheck");
        assertThat(sids(result.added())).containsExactly("TrailAuditorWrite222222222222");
        assertThat(sids(result.removed())).containsExactly("TrailAuditorWrite999999999999");
        assertThat(result.staleAccounts()).containsExactly("999999999999");
    }

    @Test
    void keyAdministratorStatementsAreNeverTouched() {
        List<String> admins = List.of(
                "{'Sid':'Enable IAM User Permissions','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111111111111:root'},'Action':'kms:*','Resource':'*'}",
                "{'Sid':'Allow access for Key Administrators','Effect':'Allow','Principal':{'AWS':['arn:aws:iam::111111111111:role/KeyAdmin']},"
                        + "'Action':['kms:Create*','kms:Describe*','kms:Enable*','kms:List*','kms:Put*','kms:Update*','kms:Revoke*',"
                        + "'kms:Disable*','kms:Get*','kms:Delete*','kms:ScheduleKeyDeletion','kms:CancelKeyDeletion'],'Resource':'*'}",
                "{'Sid':'Allow attachment of persistent resources','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111111111111:role/KeyAdmin'},"
                        + "'Action':['kms:CreateGrant','kms:ListGrants','kms:RevokeGrant'],'Resource':'*',"
                        + "'Condition':{'Bool':{'kms:GrantIsForAWSResource':'true'}}}");
        PolicyDocument current = Fixtures.policy(admins.toArray(String[]::new));

        MergeResult result = merger.merge(PolicyKind.KEY, Optional.of(current), TARGET, SEED_REGISTRY, false);

        assertThat(result.document().statementJson().subList(0, 3)).isEqualTo(current.statementJson());
        // The administrator's kms:* already lets the audit account decrypt: no decrypt grant is added.
        assertThat(sids(result.added())).containsExactly("TrailAuditorDescribeKey", "TrailAuditorEncrypt111111111111",
                "TrailAuditorEncrypt222222222222");
        assertThat(result.stillUnmet()).isEmpty();
    }

    @Test
    void aBucketWithoutPolicyGetsOneFromScratch() {
        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, SEED_REGISTRY, false);

        assertThat(result.changed()).isTrue();
        assertThat(result.sizeBefore()).isZero();
        assertThat(result.document().version()).isEqualTo("2012-10-17");
        assertThat(result.document().id()).isNull();
        assertThat(sids(result.document())).containsExactly("TrailAuditorAclCheck",
                "TrailAuditorWrite111111111111", "TrailAuditorWrite222222222222");
        assertThat(result.sizeAfter()).isEqualTo(result.document().sizeBytes());
        assertThat(result.roomLeft()).isEqualTo(20_480 - result.sizeAfter());
    }

    @Test
    void aDenyThatBlocksCloudTrailIsKeptAndReported() {
        String deny = "{'Sid':'NoCloudTrailWrites','Effect':'Deny','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::myBucketName/*'}";
        PolicyDocument current = Fixtures.policy(deny);

        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.of(current), TARGET, SEED_REGISTRY, false);

        assertThat(result.document().statementJson().get(0)).isEqualTo(current.statementJson().get(0));
        assertThat(result.stillUnmet()).hasSize(2).allSatisfy(unmet -> assertThat(unmet)
                .contains(": the log file of region denied by statement 'NoCloudTrailWrites' (#1) (s3:PutObject on "));
        // A grant beside the Deny would not deliver a byte: nothing is written for it, the Deny is for a person.
        assertThat(sids(result.added())).containsExactly("TrailAuditorAclCheck");
    }

    @Test
    void aManagedGrantForAnUnregisteredAccountIsKeptUnlessRemovalIsAskedFor() {
        PolicyDocument withStale = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, THREE, false).document();

        MergeResult kept = merger.merge(PolicyKind.BUCKET, Optional.of(withStale), TARGET, SEED_REGISTRY, false);
        MergeResult removed = merger.merge(PolicyKind.BUCKET, Optional.of(withStale), TARGET, SEED_REGISTRY, true);

        assertThat(kept.changed()).isFalse();
        assertThat(kept.staleAccounts()).containsExactly(UNREGISTERED);
        assertThat(sids(kept.document())).contains("TrailAuditorWrite333333333333");
        assertThat(removed.changed()).isTrue();
        assertThat(removed.staleAccounts()).containsExactly(UNREGISTERED);
        assertThat(sids(removed.removed())).containsExactly("TrailAuditorWrite333333333333");
        assertThat(sids(removed.document())).containsExactly("TrailAuditorAclCheck",
                "TrailAuditorWrite111111111111", "TrailAuditorWrite222222222222");
        assertThat(removed.document().toJson()).doesNotContain(UNREGISTERED);
    }

    @Test
    void aStaleAccountInTheAccountListShapeIsReportedButNotWrittenAgain() {
        List<Grantee> fleet = Registries.members(300);
        PolicyDocument compact = merger.merge(PolicyKind.KEY, Optional.empty(), Registries.TARGET, fleet, false).document();
        List<Grantee> registered = fleet.subList(1, 300);

        MergeResult kept = merger.merge(PolicyKind.KEY, Optional.of(compact), Registries.TARGET, registered, false);
        MergeResult removed = merger.merge(PolicyKind.KEY, Optional.of(compact), Registries.TARGET, registered, true);

        // Its trail is known by name alone, and the names are shared by every listed account: it is not listed again.
        for (MergeResult result : List.of(kept, removed)) {
            assertThat(result.shape()).isEqualTo(Shape.ACCOUNT_LIST);
            assertThat(result.staleAccounts()).containsExactly("100000000000");
            assertThat(result.replaced()).extracting(r -> r.after().at("/Condition/StringEquals/aws:SourceAccount").size())
                    .containsExactly(299, 299);
        }
        assertThat(kept.document().toJson()).isEqualTo(removed.document().toJson());
    }

    @Test
    void managedStatementsThatForeignOnesMakeRedundantAreRemoved() {
        PolicyDocument ours = merger.merge(PolicyKind.BUCKET, Optional.empty(), TARGET, List.of(grantee(MEMBER)), false).document();
        List<ObjectNode> statements = new ArrayList<>(ours.statementJson());
        statements.addAll(seed("bucket-policy.json").statementJson().subList(1, 3));
        statements.add(renamed(ours.statementJson().get(0), "HandWrittenAclCheck"));

        MergeResult result = merger.merge(PolicyKind.BUCKET, Optional.of(ours.withStatements(statements)), TARGET,
                List.of(grantee(MEMBER)), true);

        assertThat(sids(result.removed())).containsExactly("TrailAuditorAclCheck", "TrailAuditorWrite222222222222");
        assertThat(sids(result.document())).containsExactly("AWSCloudTrailWrite-111111111111",
                "AWSCloudTrailWrite-interstellar-test", "HandWrittenAclCheck");
        assertThat(result.shape()).isNull();
    }

    @Test
    void aReformattedManagedStatementIsNotRewritten() {
        PolicyDocument ours = merger.merge(PolicyKind.KEY, Optional.empty(), TARGET, SEED_REGISTRY, false).document();
        // The same meaning: lists reordered, a single value as a list, condition keys in another case.
        String reformatted = ours.toJson()
                .replace("\"Action\":\"kms:DescribeKey\"", "\"Action\":[\"kms:DescribeKey\"]")
                .replace("[\"kms:Decrypt\",\"kms:ReEncryptFrom\"]", "[\"kms:ReEncryptFrom\",\"kms:Decrypt\",\"kms:Decrypt\"]")
                .replace("kms:CallerAccount", "KMS:CallerAccount");
        assertThat(reformatted).isNotEqualTo(ours.toJson());

        MergeResult result = merger.merge(PolicyKind.KEY, Optional.of(PolicyDocument.parse(reformatted)), TARGET,
                SEED_REGISTRY, false);

        assertThat(result.changed()).isFalse();
        assertThat(result.document().toJson()).isEqualTo(reformatted);
    }

    private static ObjectNode renamed(ObjectNode statement, String sid) {
        ObjectNode copy = statement.deepCopy();
        copy.put("Sid", sid);
        return copy;
    }

    static Grantee grantee(String account) {
        return new Grantee(account, Arn.of(trail(account)));
    }

    static List<String> sids(PolicyDocument policy) {
        return policy.statements().stream().map(Statement::name).toList();
    }

    static List<String> sids(List<ObjectNode> statements) {
        return statements.stream().map(statement -> statement.path("Sid").asText()).toList();
    }

}
