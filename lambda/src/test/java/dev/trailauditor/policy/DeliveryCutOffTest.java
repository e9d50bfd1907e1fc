package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.BUCKET;
import static dev.trailauditor.policy.Fixtures.PREFIX;
import static dev.trailauditor.policy.Fixtures.TARGET;
import static dev.trailauditor.policy.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a change stops letting in an unregistered account's trail: before through a removed statement, not after. */
class DeliveryCutOffTest {
    private static final String OTHER = "555555555555";
    private static final String OBJECTS = "arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/AWSLogs/*";
    private static final String UNPINNED_WRITE = "{'Sid':'Unpinned','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
            + "'Action':'s3:PutObject','Resource':'" + OBJECTS + "'}";
    private static final String ACL_CHECK = "{'Sid':'Acl','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
            + "'Action':'s3:GetBucketAcl','Resource':'arn:aws:s3:::" + BUCKET + "'}";
    private static final String UNPINNED_KEY = "{'Sid':'Key','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
            + "'Action':['kms:GenerateDataKey*','kms:DescribeKey'],'Resource':'*'}";

    private static boolean cutsOff(PolicyKind kind, PolicyDocument before, PolicyDocument after, String removedSid,
                                   String account, boolean digest) {
        List<Statement> removed = before.statements().stream().filter(s -> removedSid.equals(s.sid())).toList();
        return DeliveryCutOff.cutsOff(kind, TARGET, before, after, removed, account, "eu-west-1", digest);
    }

    @Test
    void anUnpinnedWriteRemovedCutsOffAnyAccountsTrail() {
        PolicyDocument before = policy(ACL_CHECK, UNPINNED_WRITE);

        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK), "Unpinned", OTHER, false)).isTrue();
        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK), "Unpinned", OTHER, true)).as("its digest files too").isTrue();
    }

    @Test
    void nothingIsCutOffWhenTheChangedPolicyStillLetsTheTrailIn() {
        String stillThere = "{'Sid':'Other','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/AWSLogs/" + OTHER + "/*'}";
        PolicyDocument before = policy(ACL_CHECK, UNPINNED_WRITE, stillThere);

        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK, stillThere), "Unpinned", OTHER, false)).isFalse();
    }

    @Test
    void aRemovedStatementThatNeverCoveredTheAccountsFolderCutsOffNothing() {
        String membersOnly = "{'Sid':'Members','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/AWSLogs/222222222222/*'}";
        PolicyDocument before = policy(ACL_CHECK, membersOnly);

        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK), "Members", OTHER, false)).isFalse();
    }

    @Test
    void aTrailNamedOnlyByTheRemovedStatementsPatternIsStillFound() {
        // Pinned to trails named team-* of any account: a trail of another name would not be let in, this one is.
        String pinnedByName = "{'Sid':'Team','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'" + OBJECTS + "',"
                + "'Condition':{'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:us-east-1:*:trail/team-*'}}}";
        PolicyDocument before = policy(ACL_CHECK, pinnedByName);

        assertThat(DeliveryCutOff.trails(TARGET, before.statements(), OTHER, "eu-west-1")).extracting(Grantee::trailArn)
                .containsExactly("arn:aws:cloudtrail:us-east-1:" + OTHER + ":trail/team-x",
                        "arn:aws:cloudtrail:eu-west-1:" + OTHER + ":trail/" + DeliveryCutOff.ANY_TRAIL);
        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK), "Team", OTHER, false)).isTrue();
    }

    @Test
    void aStatementPinnedToAnotherAccountsTrailsDoesNotServeThisOne() {
        String pinned = "{'Sid':'Pinned','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},"
                + "'Action':'s3:PutObject','Resource':'" + OBJECTS + "',"
                + "'Condition':{'StringEquals':{'aws:SourceAccount':'222222222222'}}}";
        PolicyDocument before = policy(ACL_CHECK, pinned);

        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK), "Pinned", OTHER, false)).isFalse();
    }

    @Test
    void aKeyStatementRemovedCutsOffLogFilesButDigestFilesNeverUseTheKey() {
        PolicyDocument before = policy(UNPINNED_KEY);
        PolicyDocument after = policy("{'Sid':'Admin','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111111111111:root'},"
                + "'Action':'kms:*','Resource':'*'}");

        assertThat(cutsOff(PolicyKind.KEY, before, after, "Key", OTHER, false)).isTrue();
        assertThat(cutsOff(PolicyKind.KEY, before, after, "Key", OTHER, true)).isFalse();
    }

    @Test
    void nothingRemovedCutsOffNothing() {
        PolicyDocument before = policy(ACL_CHECK, UNPINNED_WRITE);

        assertThat(cutsOff(PolicyKind.BUCKET, before, policy(ACL_CHECK), "NoSuchSid", OTHER, false)).isFalse();
    }
}
