package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.KEY;
import static dev.trailauditor.policy.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Odd but valid ways to write the same grant: Statement.applies must read them by meaning. */
class StatementShapesTest {
    private static final RequestPrincipal CLOUDTRAIL = RequestPrincipal.service("cloudtrail.amazonaws.com");
    private static final String OBJECT = "arn:aws:s3:::b/AWSLogs/111111111111/CloudTrail/x.json.gz";
    private static final AccessRequest PUT = AccessRequest.of(CLOUDTRAIL, "s3:PutObject", OBJECT);

    private static Statement only(String statement) {
        return policy(statement).statements().get(0);
    }

    private static Statement allow(String principal, String actionAndResource) {
        return only("{'Effect':'Allow','Principal':" + principal + "," + actionAndResource + "}");
    }

    @Test
    void actionAndResourceAsStringOrList() {
        assertThat(allow("'*'", "'Action':'s3:PutObject','Resource':'arn:aws:s3:::b/*'").applies(PUT)).isTrue();
        assertThat(allow("'*'", "'Action':['s3:GetObject','s3:PutObject'],'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*']")
                .applies(PUT)).isTrue();
        assertThat(allow("'*'", "'Action':['s3:GetObject'],'Resource':['arn:aws:s3:::b/*']").applies(PUT)).isFalse();
    }

    @Test
    void principalStarAndAwsStarMatchEveryone() {
        String grant = "'Action':'s3:PutObject','Resource':'*'";
        AccessRequest byAccount = PUT.withPrincipal(RequestPrincipal.account("123456789012"));

        for (String everyone : new String[] {"'*'", "{'AWS':'*'}", "{'AWS':['*']}"}) {
            assertThat(allow(everyone, grant).applies(PUT)).as(everyone).isTrue();
            assertThat(allow(everyone, grant).applies(byAccount)).as(everyone).isTrue();
        }
    }

    @Test
    void serviceListMatchesEachListedService() {
        Statement statement = allow("{'Service':['cloudtrail.amazonaws.com','config.amazonaws.com']}",
                "'Action':'s3:PutObject','Resource':'*'");

        assertThat(statement.applies(PUT)).isTrue();
        assertThat(statement.applies(PUT.withPrincipal(RequestPrincipal.service("config.amazonaws.com")))).isTrue();
        assertThat(statement.applies(PUT.withPrincipal(RequestPrincipal.service("delivery.logs.amazonaws.com")))).isFalse();
        assertThat(statement.applies(PUT.withPrincipal(RequestPrincipal.account("123456789012")))).isFalse();
    }

    @Test
    void awsPrincipalAsAccountIdOrRootNamesTheWholeAccountAndAnotherArnOnlyItself() {
        AccessRequest decrypt = AccessRequest.of(RequestPrincipal.account("111111111111"), "kms:Decrypt", KEY);
        AccessRequest byAuditor = decrypt.withPrincipal(RequestPrincipal.iam("arn:aws:iam::111111111111:role/Auditor"));
        AccessRequest byOther = decrypt.withPrincipal(RequestPrincipal.iam("arn:aws:iam::111111111111:role/Other"));
        String grant = "'Action':'kms:Decrypt','Resource':'*'";

        assertThat(allow("{'AWS':'111111111111'}", grant).applies(decrypt)).isTrue();
        assertThat(allow("{'AWS':'arn:aws:iam::111111111111:root'}", grant).applies(decrypt)).isTrue();
        assertThat(allow("{'AWS':'arn:aws:iam::111111111111:root'}", grant).applies(byAuditor)).isTrue();
        String onlyAuditor = "{'AWS':['arn:aws:iam::999999999999:root','arn:aws:iam::111111111111:role/Auditor']}";
        assertThat(allow(onlyAuditor, grant).applies(byAuditor)).isTrue();
        assertThat(allow(onlyAuditor, grant).applies(byOther)).isFalse();
        assertThat(allow(onlyAuditor, grant).applies(decrypt)).isFalse();
        assertThat(allow("{'AWS':'arn:aws:iam::222222222222:root'}", grant).applies(decrypt)).isFalse();
        assertThat(allow("{'AWS':'111111111111'}", grant).applies(PUT.withAction("kms:Decrypt"))).isFalse();
    }

    /**
     * A role in Principal covers its assumed-role sessions, whatever the role's path (the session ARN
     * has none); NotPrincipal exempts a session only by its session ARN
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles,
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
     */
    @Test
    void aRolePrincipalCoversItsSessionsButNotInNotPrincipal() {
        String sessionArn = "arn:aws:sts::222222222222:assumed-role/LogReader/nightly";
        AccessRequest session = AccessRequest.of(RequestPrincipal.iam(sessionArn), "kms:Decrypt", KEY);
        String grant = "'Action':'kms:Decrypt','Resource':'*'";

        assertThat(allow("{'AWS':'arn:aws:iam::222222222222:role/LogReader'}", grant).applies(session)).isTrue();
        assertThat(allow("{'AWS':'arn:aws:iam::222222222222:role/audit/LogReader'}", grant).applies(session)).isTrue();
        assertThat(allow("{'AWS':'" + sessionArn + "'}", grant).applies(session)).isTrue();
        assertThat(allow("{'AWS':'arn:aws:iam::222222222222:role/Deployer'}", grant).applies(session)).isFalse();
        assertThat(allow("{'AWS':'arn:aws:iam::333333333333:role/LogReader'}", grant).applies(session)).isFalse();
        assertThat(allow("{'AWS':'arn:aws:iam::222222222222:user/LogReader'}", grant).applies(session)).isFalse();

        String deny = "{'Effect':'Deny','NotPrincipal':{'AWS':%s},'Action':'kms:Decrypt','Resource':'*'}";
        assertThat(only(String.format(deny, "['arn:aws:iam::222222222222:role/LogReader','arn:aws:iam::222222222222:root']"))
                .applies(session)).as("the session itself is not listed").isTrue();
        assertThat(only(String.format(deny, "['" + sessionArn + "','arn:aws:iam::222222222222:role/LogReader']"))
                .applies(session)).isFalse();
    }

    @Test
    void wildcardActionsMatch() {
        AccessRequest encrypt = AccessRequest.of(CLOUDTRAIL, "kms:GenerateDataKey", KEY);

        assertThat(allow("'*'", "'Action':'s3:Put*','Resource':'*'").applies(PUT)).isTrue();
        assertThat(allow("'*'", "'Action':'s3:Get*','Resource':'*'").applies(PUT)).isFalse();
        assertThat(allow("'*'", "'Action':'kms:GenerateDataKey*','Resource':'*'").applies(encrypt)).isTrue();
        assertThat(allow("'*'", "'Action':'*','Resource':'*'").applies(encrypt)).isTrue();
        assertThat(allow("'*'", "'Action':'s3:PutObjec?','Resource':'*'").applies(PUT)).isTrue();
    }

    @Test
    void actionsIgnoreCaseButResourcesDoNot() {
        assertThat(allow("'*'", "'Action':'S3:putobject','Resource':'arn:aws:s3:::b/*'").applies(PUT)).isTrue();
        assertThat(allow("'*'", "'Action':'s3:PutObject','Resource':'arn:aws:s3:::B/*'").applies(PUT)).isFalse();
    }

    @Test
    void starResourceInAKeyPolicyMatchesTheKey() {
        assertThat(allow("'*'", "'Action':'kms:DescribeKey','Resource':'*'")
                .applies(AccessRequest.of(CLOUDTRAIL, "kms:DescribeKey", KEY))).isTrue();
    }

    @Test
    void notActionCoversEverythingElse() {
        assertThat(allow("'*'", "'NotAction':'s3:Delete*','Resource':'*'").applies(PUT)).isTrue();
        assertThat(allow("'*'", "'NotAction':['s3:Put*'],'Resource':'*'").applies(PUT)).isFalse();
    }

    @Test
    void notResourceCoversEverythingElse() {
        assertThat(allow("'*'", "'Action':'s3:*','NotResource':'arn:aws:s3:::other/*'").applies(PUT)).isTrue();
        assertThat(allow("'*'", "'Action':'s3:*','NotResource':'arn:aws:s3:::b/AWSLogs/*'").applies(PUT)).isFalse();
    }

    @Test
    void notPrincipalCoversEveryoneElse() {
        Statement denyOthers = only("{'Effect':'Deny','NotPrincipal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'*'}");

        assertThat(denyOthers.applies(PUT)).isFalse();
        assertThat(denyOthers.applies(PUT.withPrincipal(RequestPrincipal.account("123456789012")))).isTrue();
    }

    @Test
    void aStatementWithoutPrincipalOrResourceCoversNothingInAResourcePolicy() {
        assertThat(only("{'Effect':'Allow','Action':'s3:*','Resource':'*'}").applies(PUT)).isFalse();
        assertThat(only("{'Effect':'Allow','Principal':'*','Action':'s3:*'}").applies(PUT)).isFalse();
    }
}
