package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.AUDIT;
import static dev.trailauditor.policy.Fixtures.MEMBER;
import static dev.trailauditor.policy.Fixtures.UNREGISTERED;
import static dev.trailauditor.policy.Fixtures.seed;
import static dev.trailauditor.policy.Fixtures.seedWrite;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.policy.Verdict.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two policies of the seed how-to, checked against DESIGN.md's requirements. */
class SeedPolicyTest {
    private final PolicyDocument bucketPolicy = seed("bucket-policy.json");
    private final PolicyDocument keyPolicy = seed("key-policy.json");

    @Test
    void seedPoliciesParseWithTheirHeaderAndStatementsInOrder() {
        assertThat(bucketPolicy.version()).isEqualTo("2012-10-17");
        assertThat(bucketPolicy.id()).isNull();
        assertThat(bucketPolicy.statements()).extracting(Statement::sid).containsExactly(
                "AWSCloudTrailAclCheck20150319", "AWSCloudTrailWrite-111111111111",
                "AWSCloudTrailWrite-interstellar-test");
        assertThat(keyPolicy.id()).isEqualTo("Key policy created by CloudTrail");
        assertThat(keyPolicy.statements()).hasSize(6);
        assertThat(keyPolicy.statements()).extracting(Statement::index).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void writeForTheAuditAccountIsMetByItsOwnStatement() {
        Verdict verdict = PolicyEvaluator.evaluate(bucketPolicy, seedWrite(AUDIT));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.detail()).startsWith("granted by statement \'AWSCloudTrailWrite-111111111111\' (#");
        assertThat(verdict.statements()).extracting(Statement::index).containsExactly(1);
    }

    @Test
    void writeForTheMemberIsMetByAHandWrittenSid() {
        Verdict verdict = PolicyEvaluator.evaluate(bucketPolicy, seedWrite(MEMBER));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.detail()).startsWith("granted by statement \'AWSCloudTrailWrite-interstellar-test\' (#");
    }

    @Test
    void writeForAnAccountWithoutGrantIsMissing() {
        Verdict verdict = PolicyEvaluator.evaluate(bucketPolicy, seedWrite(UNREGISTERED));

        assertThat(verdict.status()).isEqualTo(Status.MISSING);
        assertThat(verdict.statements()).isEmpty();
        assertThat(verdict.detail()).startsWith("no Allow statement grants the log file of region (s3:PutObject on "
                + "arn:aws:s3:::myBucketName/optionalLogFilePrefix/AWSLogs/333333333333/");
    }

    @Test
    void aclCheckIsGrantedThoughNotPinnedToTheTrails() {
        Verdict verdict = PolicyEvaluator.evaluate(bucketPolicy, CloudTrailRequirements.bucketAclCheck(Fixtures.TARGET, Fixtures.grantee(AUDIT)));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.detail()).isEqualTo("granted by statement 'AWSCloudTrailAclCheck20150319' (#1)");
    }

    @Test
    void encryptIsMetForBothAccounts() {
        for (String account : List.of(AUDIT, MEMBER)) {
            Verdict verdict = PolicyEvaluator.evaluate(keyPolicy,
                    CloudTrailRequirements.keyEncrypt(Fixtures.TARGET, Fixtures.grantee(account)));

            assertThat(verdict.status()).as(account).isEqualTo(Status.MET);
            assertThat(verdict.detail()).startsWith("granted by statement \'Allow CloudTrail to encrypt logs\' (#");
        }
    }

    @Test
    void encryptForAnUnlistedTrailIsMissing() {
        Verdict verdict = PolicyEvaluator.evaluate(keyPolicy,
                CloudTrailRequirements.keyEncrypt(Fixtures.TARGET, Fixtures.grantee(UNREGISTERED)));

        assertThat(verdict.status()).isEqualTo(Status.MISSING);
    }

    @Test
    void describeIsMet() {
        Verdict verdict = PolicyEvaluator.evaluate(keyPolicy, CloudTrailRequirements.keyDescribe(Fixtures.TARGET, Fixtures.grantee(AUDIT)));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.detail()).startsWith("granted by statement \'Allow CloudTrail to describe key\' (#");
    }

    @Test
    void auditAccountMayDecryptItsOwnLogs() {
        Verdict verdict = PolicyEvaluator.evaluate(keyPolicy,
                CloudTrailRequirements.keyDecrypt(Fixtures.TARGET, Fixtures.grantee(AUDIT)));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        // The seed carries the same decrypt statement twice, and the key administrator's kms:* allows it too.
        assertThat(verdict.statements()).extracting(Statement::sid).containsExactly("Enable IAM User Permissions",
                "Allow principals in the account to decrypt log files", "Enable cross account log decryption");
    }

    @Test
    void auditAccountDecryptsMemberLogsThroughTheAdministratorStatement() {
        Verdict verdict = PolicyEvaluator.evaluate(keyPolicy,
                CloudTrailRequirements.keyDecrypt(Fixtures.TARGET, Fixtures.grantee(MEMBER)));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.statements()).extracting(Statement::sid).containsExactly("Enable IAM User Permissions");
    }

    @Test
    void grantedAccountsOfTheBucketPolicyComeFromLogPathsAndSourceArns() {
        assertThat(CloudTrailRequirements.grantedAccounts(bucketPolicy)).isEqualTo(Map.of(
                AUDIT, List.of("AWSCloudTrailWrite-111111111111"),
                MEMBER, List.of("AWSCloudTrailWrite-interstellar-test")));
    }

    @Test
    void grantedAccountsOfTheKeyPolicyIgnoreStatementsNotAimedAtCloudTrail() {
        // The decrypt statements mention 111111111111 too, but they are for the account's principals.
        assertThat(CloudTrailRequirements.grantedAccounts(keyPolicy)).isEqualTo(Map.of(
                AUDIT, List.of("Allow CloudTrail to encrypt logs"),
                MEMBER, List.of("Allow CloudTrail to encrypt logs")));
    }
}
