package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.Statement;
import dev.trailauditor.sim.SimBucket;
import dev.trailauditor.sim.SimKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grants} on a simulated audit account whose central policies the auditor itself repaired:
 * listing, the dry run, removal that keeps every foreign statement, and the refusals.
 */
class GrantsCommandTest {
    private static final String AUDIT = "111111111111";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    /** A foreign statement with a Sid the auditor's prefix would match: a Deny is never the auditor's. */
    private static final String FOREIGN_BUCKET_POLICY = """
            {"Version":"2012-10-17","Id":"hand-made","Statement":[
            {"Sid":"TrailAuditorLooksLikeOursButDenies","Effect":"Deny","Principal":"*","Action":"s3:*",
             "Resource":["arn:aws:s3:::central-trail-logs","arn:aws:s3:::central-trail-logs/*"],
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
            {"Sid":"ReadersReadLogs","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/LogReader"},
             "Action":"s3:GetObject","Resource":"arn:aws:s3:::central-trail-logs/org/*",
             "Condition":{"NumericLessThan":{"s3:TlsVersion":1.2}}}]}""";

    @TempDir
    Path dir;

    /** Central policies as the auditor leaves them: its statements written beside the foreign ones by a repair run. */
    private CliFixture repairedBy(String bucketPolicy) {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);
        if (bucketPolicy == null) {
            bucket(cli).noPolicy();
        } else {
            bucket(cli).policy(bucketPolicy);
        }
        key(cli).policy(SimKey.defaultPolicy(AUDIT));
        int exit = cli.run("audit", "--config", cli.config.toString(), "--repair");
        // A bucket left without any policy denies nothing over plain HTTP: bucket.tls-only stays FAIL (never repaired).
        assertThat(exit).as(cli.out()).isEqualTo(bucketPolicy == null ? 1 : 0);
        assertThat(managed(bucket(cli).policy().orElseThrow())).isNotEmpty();
        assertThat(managed(key(cli).policy())).isNotEmpty();
        return cli;
    }

    @Test
    void listsTheAuditorsStatementsPerPolicyWithTheirSizesAndWritesNothing() {
        CliFixture cli = repairedBy(FOREIGN_BUCKET_POLICY);
        int writes = cli.writes().size();

        int exit = cli.run("grants", "--config", cli.config.toString());

        assertThat(exit).isZero();
        assertThat(cli.writes()).hasSize(writes);
        List<Statement> bucketManaged = managed(bucket(cli).policy().orElseThrow());
        assertThat(cli.out()).contains("bucket policy of central-trail-logs: " + bucketManaged.size() + " of "
                + (bucketManaged.size() + 2) + " statement(s) are the auditor's (");
        assertThat(cli.out()).contains("key policy of arn:aws:kms:eu-west-1:" + AUDIT + ":key/" + KEY_ID + ": ");
        for (Statement statement : bucketManaged) {
            assertThat(cli.out()).containsPattern(statement.sid() + " +[0-9,]+ bytes");
        }
        assertThat(cli.out()).doesNotContain("TrailAuditorLooksLikeOursButDenies");
    }

    @Test
    void removeWithoutYesIsADryRunShowingTheDiff() {
        CliFixture cli = repairedBy(FOREIGN_BUCKET_POLICY);
        String bucketBefore = bucket(cli).policy().orElseThrow();
        String keyBefore = key(cli).policy();
        int writes = cli.writes().size();

        int exit = cli.run("grants", "--config", cli.config.toString(), "--remove");

        assertThat(exit).isZero();
        assertThat(cli.writes()).as("nothing written").hasSize(writes);
        assertThat(bucket(cli).policy()).contains(bucketBefore);
        assertThat(key(cli).policy()).isEqualTo(keyBefore);
        assertThat(cli.out()).contains("- {\"Sid\":\"TrailAuditorAclCheck\"")
                .contains("warning: without them CloudTrail can no longer deliver for every registered member")
                .contains("Dry run: nothing was written. Run again with --remove --yes");
    }

    @Test
    void removeWithYesKeepsEveryForeignStatementAndTheKeysDefaultStatement() throws Exception {
        CliFixture cli = repairedBy(FOREIGN_BUCKET_POLICY);
        List<JsonNode> foreignBucket = foreign(bucket(cli).policy().orElseThrow());
        List<JsonNode> foreignKey = foreign(key(cli).policy());

        int exit = cli.run("grants", "--config", cli.config.toString(), "--remove", "--yes");

        assertThat(exit).as(cli.out()).isZero();
        String bucketAfter = bucket(cli).policy().orElseThrow();
        String keyAfter = key(cli).policy();
        assertThat(managed(bucketAfter)).isEmpty();
        assertThat(managed(keyAfter)).isEmpty();
        assertThat(foreign(bucketAfter)).as("foreign bucket statements, exactly and in order").isEqualTo(foreignBucket);
        assertThat(PolicyDocument.parse(bucketAfter).id()).isEqualTo("hand-made");
        assertThat(foreign(keyAfter)).isEqualTo(foreignKey);
        assertThat(foreign(keyAfter)).extracting(s -> s.path("Sid").asText()).containsExactly("Enable IAM User Permissions");
        assertThat(key(cli).policyWrites()).isNotEmpty()
                .allSatisfy(write -> assertThat(write.bypassPolicyLockoutSafetyCheck()).isFalse());
        assertThat(cli.out()).contains("bucket policy of central-trail-logs: written and read back: 2 statement(s), none of them the auditor's")
                .contains(": written and read back: 1 statement(s), none of them the auditor's");
    }

    @Test
    void aBucketPolicyOfOnlyTheAuditorsStatementsIsRefusedTheKeyStillGoes() {
        CliFixture cli = repairedBy(null);
        String bucketBefore = bucket(cli).policy().orElseThrow();

        int exit = cli.run("grants", "--config", cli.config.toString(), "--remove", "--yes");

        assertThat(exit).isEqualTo(1);
        assertThat(bucket(cli).policy()).contains(bucketBefore);
        assertThat(cli.out()).contains("REFUSED: the bucket policy holds nothing but the auditor's statements")
                .contains("aws s3api delete-bucket-policy --bucket central-trail-logs");
        assertThat(managed(key(cli).policy())).isEmpty();
    }

    @Test
    void aKeyPolicyLeftWithoutAnAdministratorIsRefusedBeforeAnyCall() throws Exception {
        CliFixture cli = repairedBy(FOREIGN_BUCKET_POLICY);
        // Someone removed the key's default statement by hand: the auditor's are all that is left.
        String onlyManaged = PolicyDocument.parse(key(cli).policy())
                .withStatements(managed(key(cli).policy()).stream().map(Statement::json).toList()).toJson();
        key(cli).policy(onlyManaged);
        int keyWrites = key(cli).policyWrites().size();

        int exit = cli.run("grants", "--config", cli.config.toString(), "--remove", "--yes");

        assertThat(exit).isEqualTo(1);
        assertThat(key(cli).policy()).isEqualTo(onlyManaged);
        assertThat(key(cli).policyWrites()).as("no PutKeyPolicy was tried").hasSize(keyWrites);
        assertThat(cli.out()).contains("REFUSED: without the auditor's statements no statement would let account "
                + AUDIT + " administer the key (kms:PutKeyPolicy)");
        assertThat(managed(bucket(cli).policy().orElseThrow())).as("the bucket policy still goes").isEmpty();
    }

    @Test
    void nothingToRemoveSaysSoAndWritesNothing() {
        CliFixture cli = new CliFixture(dir, ConfigFileTest.YAML);

        int exit = cli.run("grants", "--config", cli.config.toString(), "--remove", "--yes");

        assertThat(exit).isZero();
        assertThat(cli.writes()).isEmpty();
        // The healthy bucket's ACL check, its two writes and its Deny of plain HTTP.
        assertThat(cli.out()).contains("bucket policy of central-trail-logs: 0 of 4 statement(s) are the auditor's");
    }

    private static SimBucket bucket(CliFixture cli) {
        return cli.fleet.account(AUDIT).bucket("central-trail-logs");
    }

    private static SimKey key(CliFixture cli) {
        return cli.fleet.account(AUDIT).kmsKey("eu-west-1", KEY_ID);
    }

    private static List<Statement> managed(String policy) {
        return PolicyDocument.parse(policy).statements().stream().filter(ManagedStatements::isManaged).toList();
    }

    private static List<JsonNode> foreign(String policy) {
        return PolicyDocument.parse(policy).statements().stream().filter(s -> !ManagedStatements.isManaged(s))
                .<JsonNode>map(Statement::json).toList();
    }
}
