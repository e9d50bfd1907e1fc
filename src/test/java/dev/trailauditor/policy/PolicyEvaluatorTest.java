package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.AUDIT;
import static dev.trailauditor.policy.Fixtures.KEY;
import static dev.trailauditor.policy.Fixtures.json;
import static dev.trailauditor.policy.Fixtures.policy;
import static dev.trailauditor.policy.Fixtures.seedWrite;
import static dev.trailauditor.policy.Fixtures.trail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.policy.Verdict.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    /** The DESIGN.md shape for the audit account, as the seed writes it. */
    private static final String TIGHT_WRITE = "{'Sid':'AWSCloudTrailWrite-111111111111','Effect':'Allow',"
            + "'Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:PutObject',"
            + "'Resource':'arn:aws:s3:::myBucketName/optionalLogFilePrefix/AWSLogs/111111111111/*',"
            + "'Condition':{'StringEquals':{'s3:x-amz-acl':'bucket-owner-full-control',"
            + "'aws:SourceArn':'arn:aws:cloudtrail:region:111111111111:trail/trailName'}}}";
    private static final String ALLOW_ALL_TO_CLOUDTRAIL = "{'Effect':'Allow',"
            + "'Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:*','Resource':'arn:aws:s3:::myBucketName/*'}";

    private static Verdict write(PolicyDocument policy) {
        return PolicyEvaluator.evaluate(policy, seedWrite(AUDIT));
    }

    @Test
    void aSingleStatementObjectCanMeetARequirement() {
        PolicyDocument policy = PolicyDocument.parse(json("{'Version':'2012-10-17','Statement':" + TIGHT_WRITE + "}"));

        assertThat(write(policy).status()).isEqualTo(Status.MET);
    }

    @Test
    void aDenyThatBlocksCloudTrailIsReportedByNameAndPosition() {
        PolicyDocument policy = policy(TIGHT_WRITE, ALLOW_ALL_TO_CLOUDTRAIL,
                "{'Sid':'DenyAll','Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::myBucketName/*'}");

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.DENIED);
        assertThat(verdict.detail()).isEqualTo("denied by statement 'DenyAll' (#3)");
        assertThat(verdict.statements()).extracting(Statement::sid).containsExactly("DenyAll");
    }

    @Test
    void aDenyWithoutSidIsNamedByPosition() {
        PolicyDocument policy = policy(TIGHT_WRITE,
                "{'Effect':'Deny','Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:Put*','Resource':'*'}");

        assertThat(write(policy).detail()).isEqualTo("denied by statement #2");
    }

    @Test
    void theCommonDenyOfInsecureTransportDoesNotBlockCloudTrail() {
        PolicyDocument policy = policy(TIGHT_WRITE, "{'Sid':'DenyInsecureTransport','Effect':'Deny','Principal':'*',"
                + "'Action':'s3:*','Resource':['arn:aws:s3:::myBucketName','arn:aws:s3:::myBucketName/*'],"
                + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}");

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.detail()).isEqualTo("granted by 'AWSCloudTrailWrite-111111111111'");
    }

    @Test
    void aGrantPinnedBySourceArnButWithoutTheAclConditionIsLoose() {
        PolicyDocument policy = policy(TIGHT_WRITE.replace("'s3:x-amz-acl':'bucket-owner-full-control',", ""));

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.LOOSE);
        assertThat(verdict.detail()).isEqualTo("granted by 'AWSCloudTrailWrite-111111111111' without s3:x-amz-acl "
                + "pinning: it also allows an object without bucket-owner-full-control");
    }

    @Test
    void aGrantWithATooBroadSourceArnIsLooseAndSaysSo() {
        PolicyDocument policy = policy(TIGHT_WRITE.replace("'StringEquals':{'s3:x-amz-acl':'bucket-owner-full-control',"
                        + "'aws:SourceArn':'arn:aws:cloudtrail:region:111111111111:trail/trailName'}",
                "'StringEquals':{'s3:x-amz-acl':'bucket-owner-full-control'},"
                        + "'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:*:trail/*'}"));

        assertThat(write(policy).detail()).isEqualTo("granted by 'AWSCloudTrailWrite-111111111111' with too loose "
                + "a condition on aws:SourceArn: it also allows a trail of another account");
    }

    @Test
    void aTightGrantWinsOverLooseOnes() {
        Verdict verdict = write(policy(ALLOW_ALL_TO_CLOUDTRAIL, TIGHT_WRITE));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.statements()).extracting(Statement::index).containsExactly(1);
    }

    @Test
    void everyLooseGrantIsNamedWhenNoneIsTight() {
        PolicyDocument policy = policy(ALLOW_ALL_TO_CLOUDTRAIL,
                "{'Sid':'Everyone','Effect':'Allow','Principal':'*','Action':'s3:PutObject','Resource':'*'}");

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.LOOSE);
        assertThat(verdict.statements()).hasSize(2);
        assertThat(verdict.detail()).isEqualTo(
                "granted by #1 without aws:SourceArn pinning: it also allows a trail of another account; "
                        + "granted by 'Everyone' without aws:SourceArn pinning: it also allows a trail of another account");
    }

    @Test
    void pinningByEncryptionContextAloneIsTightBecauseAForeignTrailSendsItsOwnContext() {
        PolicyDocument policy = policy("{'Sid':'Encrypt','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'kms:GenerateDataKey*','Resource':'*','Condition':{'StringLike':"
                + "{'kms:EncryptionContext:aws:cloudtrail:arn':'arn:aws:cloudtrail:*:111111111111:trail/*'}}}");

        Verdict verdict = PolicyEvaluator.evaluate(policy, CloudTrailRequirements.keyEncrypt(KEY, AUDIT, trail(AUDIT)));

        assertThat(verdict.status()).isEqualTo(Status.MET);
    }

    @Test
    void encryptWithoutAnyPinningLetsAnotherAccountsTrailEncrypt() {
        PolicyDocument policy = policy("{'Sid':'Encrypt','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'kms:GenerateDataKey*','Resource':'*'}");

        Verdict verdict = PolicyEvaluator.evaluate(policy, CloudTrailRequirements.keyEncrypt(KEY, AUDIT, trail(AUDIT)));

        assertThat(verdict.status()).isEqualTo(Status.LOOSE);
        assertThat(verdict.detail()).isEqualTo(
                "granted by 'Encrypt' without aws:SourceArn pinning: it also allows a trail of another account");
    }

    @Test
    void aStatementWithAnUnknownOperatorIsAClearError() {
        assertThatThrownBy(() -> policy(TIGHT_WRITE.replace("'StringEquals'", "'StringEqualsSomehow'")))
                .isInstanceOf(PolicyParseException.class)
                .hasMessageContaining("has an unknown Condition operator 'StringEqualsSomehow'");
    }

    @Test
    void caseInsensitiveConditionKeysAndActionsStillMeetTheRequirement() {
        PolicyDocument policy = policy(TIGHT_WRITE.replace("'s3:PutObject'", "'S3:PUTOBJECT'")
                .replace("'s3:x-amz-acl'", "'S3:X-AMZ-ACL'").replace("'aws:SourceArn'", "'aws:sourcearn'"));

        assertThat(write(policy).status()).isEqualTo(Status.MET);
    }

    @Test
    void ifExistsAndNullConditionsCanStillBeTight() {
        PolicyDocument policy = policy("{'Sid':'Pinned','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::myBucketName/optionalLogFilePrefix/AWSLogs/111111111111/*',"
                + "'Condition':{'StringEqualsIfExists':{'s3:x-amz-acl':'bucket-owner-full-control'},"
                + "'Null':{'s3:x-amz-acl':'false'},"
                + "'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:111111111111:trail/*'}}}");

        assertThat(write(policy).status()).isEqualTo(Status.MET);
    }

    @Test
    void grantedAccountsReadsSourceAccountTrailArnsAndOrganizationLogPaths() {
        PolicyDocument policy = policy(
                "{'Sid':'Org','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:PutObject',"
                        + "'Resource':'arn:aws:s3:::b/AWSLogs/o-abc123/444444444444/*',"
                        + "'Condition':{'StringEquals':{'aws:SourceAccount':['555555555555','not-an-account']}}}",
                "{'Effect':'Allow','Principal':{'Service':['config.amazonaws.com','cloudtrail.amazonaws.com']},"
                        + "'Action':'s3:GetBucketAcl','Resource':'arn:aws:s3:::b',"
                        + "'Condition':{'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:555555555555:trail/*'}}}",
                "{'Sid':'NotForCloudTrail','Effect':'Allow','Principal':{'Service':'config.amazonaws.com'},"
                        + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::b/AWSLogs/666666666666/*'}",
                "{'Sid':'DenyIsNoGrant','Effect':'Deny','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                        + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::b/AWSLogs/777777777777/*'}");

        assertThat(CloudTrailRequirements.grantedAccounts(policy)).isEqualTo(Map.of(
                "444444444444", List.of("Org"),
                "555555555555", List.of("Org", "#2")));
    }
}
