package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.AUDIT;
import static dev.trailauditor.policy.Fixtures.json;
import static dev.trailauditor.policy.Fixtures.policy;
import static dev.trailauditor.policy.Fixtures.seedWrite;
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
    void aDenyThatBlocksCloudTrailIsReportedByNameAndPositionWithTheRequestItBlocks() {
        PolicyDocument policy = policy(TIGHT_WRITE, ALLOW_ALL_TO_CLOUDTRAIL,
                "{'Sid':'DenyAll','Effect':'Deny','Principal':'*','Action':'s3:*','Resource':'arn:aws:s3:::myBucketName/*'}");

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.DENIED);
        assertThat(verdict.detail()).startsWith("the log file of region denied by statement 'DenyAll' (#3) (s3:PutObject on ");
        assertThat(verdict.statements()).extracting(Statement::sid).containsExactly("DenyAll");
    }

    @Test
    void aDenyWithoutSidIsNamedByPosition() {
        PolicyDocument policy = policy(TIGHT_WRITE,
                "{'Effect':'Deny','Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:Put*','Resource':'*'}");

        assertThat(write(policy).detail()).startsWith("the log file of region denied by statement #2 (");
    }

    @Test
    void theCommonDenyOfInsecureTransportDoesNotBlockCloudTrail() {
        PolicyDocument policy = policy(TIGHT_WRITE, "{'Sid':'DenyInsecureTransport','Effect':'Deny','Principal':'*',"
                + "'Action':'s3:*','Resource':['arn:aws:s3:::myBucketName','arn:aws:s3:::myBucketName/*'],"
                + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}");

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.detail()).isEqualTo("granted by statement 'AWSCloudTrailWrite-111111111111' (#1)");
    }

    @Test
    void aGrantForOneRegionsLogsMissesTheDigestsAndTheOtherRegions() {
        PolicyDocument policy = policy(TIGHT_WRITE.replace("/AWSLogs/111111111111/*", "/AWSLogs/111111111111/CloudTrail/region/*"));

        Verdict verdict = write(policy);

        assertThat(verdict.status()).isEqualTo(Status.MISSING);
        assertThat(verdict.detail()).startsWith("no Allow statement grants the digest file of region (s3:PutObject on "
                + "arn:aws:s3:::myBucketName/optionalLogFilePrefix/AWSLogs/111111111111/CloudTrail-Digest/region/");
    }

    @Test
    void aDenyOnTheCurrentTimeBlocksCloudTrailBecauseEveryRequestCarriesTheTime() {
        PolicyDocument policy = policy(TIGHT_WRITE, "{'Sid':'FreezeAfter2025','Effect':'Deny','Principal':'*','Action':'s3:*',"
                + "'Resource':'arn:aws:s3:::myBucketName/*','Condition':{'DateGreaterThan':{'aws:CurrentTime':'2025-12-31T23:59:59Z'}}}");

        assertThat(write(policy).status()).isEqualTo(Status.DENIED);
    }

    @Test
    void aDenyForEveryoneButCloudTrailByServiceNameLetsCloudTrailDeliver() {
        PolicyDocument policy = policy(TIGHT_WRITE, "{'Sid':'OnlyCloudTrail','Effect':'Deny','Principal':'*','Action':'s3:PutObject',"
                + "'Resource':'arn:aws:s3:::myBucketName/*',"
                + "'Condition':{'StringNotEqualsIfExists':{'aws:PrincipalServiceName':'cloudtrail.amazonaws.com'}}}");

        assertThat(write(policy).status()).isEqualTo(Status.MET);
        AccessRequest byRole = seedWrite(AUDIT).request().withPrincipal(RequestPrincipal.iam("arn:aws:iam::111111111111:role/x"));
        assertThat(PolicyEvaluator.decide(policy, byRole).decision()).isEqualTo(PolicyDecision.Decision.EXPLICIT_DENY);
    }

    @Test
    void everyGrantingStatementIsNamedOnceAcrossTheRequests() {
        Verdict verdict = write(policy(ALLOW_ALL_TO_CLOUDTRAIL, TIGHT_WRITE));

        assertThat(verdict.status()).isEqualTo(Status.MET);
        assertThat(verdict.statements()).extracting(Statement::index).containsExactly(0, 1);
    }

    @Test
    void anAnyonePrincipalPinnedByIfExistsDeliversButLetsAnAnonymousCallerIn() {
        String ifExists = "{'Sid':'Loose','Effect':'Allow','Principal':'*','Action':'s3:PutObject',"
                + "'Resource':'arn:aws:s3:::myBucketName/optionalLogFilePrefix/AWSLogs/111111111111/*',"
                + "'Condition':{'StringEqualsIfExists':{'aws:SourceArn':'arn:aws:cloudtrail:region:111111111111:trail/trailName'}}}";
        PolicyDocument policy = policy(TIGHT_WRITE, ifExists);

        assertThat(write(policy).status()).isEqualTo(Status.MET);
        List<PolicyExposures.Finding> findings = PolicyJudgement.of(PolicyKind.BUCKET, policy,
                new CentralRequirements(Fixtures.TARGET, List.of(Fixtures.grantee(AUDIT)))).exposures();
        assertThat(findings.get(0).level()).isEqualTo(Probe.Level.CRITICAL);
        assertThat(findings.get(0).meaning()).isEqualTo("an anonymous caller may write member logs");
        assertThat(findings.get(0).statementNames()).isEqualTo("statement 'Loose' (#2)");
        assertThat(findings.get(0).members()).containsExactly(AUDIT);
    }

    @Test
    void pinningByEncryptionContextAloneRefusesAnotherAccountsTrailButNotTheMembersOtherTrails() {
        PolicyDocument policy = policy("{'Sid':'Encrypt','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'kms:GenerateDataKey*','Resource':'*','Condition':{'StringLike':"
                + "{'kms:EncryptionContext:aws:cloudtrail:arn':'arn:aws:cloudtrail:*:111111111111:trail/*'}}}");

        assertThat(PolicyEvaluator.evaluate(policy, CloudTrailRequirements.keyEncrypt(Fixtures.TARGET, Fixtures.grantee(AUDIT)))
                .status()).isEqualTo(Status.MET);
        assertThat(PolicyJudgement.of(PolicyKind.KEY, policy, new CentralRequirements(Fixtures.TARGET, List.of(Fixtures.grantee(AUDIT)))).exposures())
                .extracting(PolicyExposures.Finding::meaning)
                .containsExactly("another trail of a member, not the registered one, may encrypt with the key");
    }

    @Test
    void encryptWithoutAnyPinningDeliversButLetsAnotherAccountsTrailEncrypt() {
        PolicyDocument policy = policy("{'Sid':'Encrypt','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'kms:GenerateDataKey*','Resource':'*'}");

        assertThat(PolicyEvaluator.evaluate(policy, CloudTrailRequirements.keyEncrypt(Fixtures.TARGET, Fixtures.grantee(AUDIT)))
                .status()).isEqualTo(Status.MET);
        assertThat(PolicyJudgement.of(PolicyKind.KEY, policy, new CentralRequirements(Fixtures.TARGET, List.of(Fixtures.grantee(AUDIT)))).exposures())
                .allSatisfy(f -> assertThat(f.level()).isEqualTo(Probe.Level.MEDIUM))
                .extracting(PolicyExposures.Finding::meaning)
                .containsExactly("a trail of an unregistered account may encrypt with the key",
                        "another trail of a member, not the registered one, may encrypt with the key");
    }

    @Test
    void anExplicitDenyWinsOverAnyAllowWhateverTheOrder() {
        PolicyDocument policy = policy("{'Sid':'Deny','Effect':'Deny','Principal':'*','Action':'s3:PutObject','Resource':'*'}",
                ALLOW_ALL_TO_CLOUDTRAIL);

        PolicyDecision decision = PolicyEvaluator.decide(policy, seedWrite(AUDIT).request());

        assertThat(decision.decision()).isEqualTo(PolicyDecision.Decision.EXPLICIT_DENY);
        assertThat(decision.statements()).extracting(Statement::sid).containsExactly("Deny");
        assertThat(PolicyEvaluator.decide(policy(TIGHT_WRITE), seedWrite(AUDIT).request().withAction("s3:GetObject")).decision())
                .isEqualTo(PolicyDecision.Decision.IMPLICIT_DENY);
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

    @Test
    void aDescribeKeyGrantPinnedBySourceAccountAsCloudTrailDocumentsItIsMet() {
        PolicyDocument policy = policy("{'Sid':'Describe','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'kms:DescribeKey','Resource':'*','Condition':{'StringEquals':{'aws:SourceAccount':'111111111111'}}}");

        assertThat(PolicyEvaluator.evaluate(policy, CloudTrailRequirements.keyDescribe(Fixtures.TARGET, Fixtures.grantee(AUDIT)))
                .status()).isEqualTo(Status.MET);
    }

    @Test
    void aVersion2008PolicyReadsAVariableAsText() {
        String perAccount = "{'Sid':'Own','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'s3:PutObject',"
                + "'Resource':'arn:aws:s3:::myBucketName/optionalLogFilePrefix/AWSLogs/${aws:SourceAccount}/*'}";
        PolicyDocument v2012 = policy(perAccount);
        PolicyDocument v2008 = PolicyDocument.parse(json("{'Version':'2008-10-17','Statement':[" + perAccount + "]}"));

        assertThat(write(v2012).status()).isEqualTo(Status.MET);
        assertThat(write(v2008).status()).isEqualTo(Status.MISSING);
    }
}
