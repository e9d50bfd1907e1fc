package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trailauditor.sim.CloudTrailAccess.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sim's own reading of a policy, one element at a time (the destination check's tests use it whole). */
class CloudTrailAccessTest {
    static final String TRAIL = "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail";
    static final Request ACL = new Request("s3:GetBucketAcl", "arn:aws:s3:::logs",
            Map.of("aws:SourceArn", TRAIL, "aws:SecureTransport", "true"));

    @Test
    void anAllowForCloudTrailPinnedToTheTrailLetsItIn() {
        assertThat(allows(allow("{\"StringEquals\":{\"AWS:SourceArn\":[\"" + TRAIL + "\"]}}"))).isTrue();
        assertThat(allows(allow("{\"StringEquals\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:us-east-1:333333333333:trail/x\"}}")))
                .as("pinned to another trail").isFalse();
        assertThat(allows(allow("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:222222222222:trail/*\"}}"))).isTrue();
    }

    @Test
    void principalsActionsAndResourcesMatchWithWildcardsAndNotElements() {
        assertThat(allows(statement("Allow", "\"Principal\":{\"Service\":[\"cloudtrail.amazonaws.com\"]}",
                "\"Action\":\"s3:Get*\"", "\"Resource\":\"arn:aws:s3:::log?\""))).isTrue();
        assertThat(allows(statement("Allow", "\"Principal\":{\"Service\":\"config.amazonaws.com\"}",
                "\"Action\":\"s3:*\"", "\"Resource\":\"*\""))).as("another service").isFalse();
        assertThat(allows(statement("Allow", "\"Principal\":\"*\"", "\"NotAction\":\"s3:PutObject\"",
                "\"NotResource\":\"arn:aws:s3:::other\""))).isTrue();
    }

    @Test
    void aDenyWinsUnlessItsConditionSparesCloudTrail() {
        String allow = statement("Allow", "\"Principal\":\"*\"", "\"Action\":\"s3:*\"", "\"Resource\":\"*\"");
        String denyHttp = statement("Deny", "\"Principal\":\"*\"", "\"Action\":\"s3:*\"", "\"Resource\":\"*\"",
                "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}");
        String denyOthers = statement("Deny", "\"NotPrincipal\":{\"Service\":\"cloudtrail.amazonaws.com\"}",
                "\"Action\":\"s3:*\"", "\"Resource\":\"*\"");
        String denyAll = statement("Deny", "\"Principal\":{\"AWS\":\"*\"}", "\"Action\":\"s3:GetBucketAcl\"", "\"Resource\":\"*\"");

        assertThat(allows(allow, denyHttp, denyOthers)).isTrue();
        assertThat(allows(allow, denyAll)).isFalse();
    }

    @Test
    void anOperatorTheSimDoesNotReadGrantsNothingAndDenies() {
        String unread = "{\"DateLessThan\":{\"aws:CurrentTime\":\"2100-01-01T00:00:00Z\"}}";
        String allow = statement("Allow", "\"Principal\":\"*\"", "\"Action\":\"s3:*\"", "\"Resource\":\"*\"");

        assertThat(allows(allow(unread))).isFalse();
        assertThat(allows(allow, statement("Deny", "\"Principal\":\"*\"", "\"Action\":\"s3:*\"", "\"Resource\":\"*\"",
                "\"Condition\":" + unread))).isFalse();
    }

    @Test
    void aMissingKeyFailsPlainOperatorsAndPassesNegatedAndIfExistsOnes() {
        assertThat(allows(allow("{\"StringEquals\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}"))).isFalse();
        assertThat(allows(allow("{\"StringNotEquals\":{\"s3:x-amz-acl\":\"private\"}}"))).isTrue();
        assertThat(allows(allow("{\"StringEqualsIfExists\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}"))).isTrue();
    }

    /** The auditor's listed and account-list shapes confine each trail to its own folder this way. */
    @Test
    void aResourceNamingTheFolderByTheSourceAccountIsFilledFromTheRequest() {
        String folder = "arn:aws:s3:::logs/org/AWSLogs/${aws:SourceAccount}/*";
        Request write = new Request("s3:PutObject", "arn:aws:s3:::logs/org/AWSLogs/222222222222/CloudTrail/x.json.gz",
                Map.of("aws:SourceArn", TRAIL, "aws:SourceAccount", "222222222222"));
        Request intoAnother = new Request("s3:PutObject", "arn:aws:s3:::logs/org/AWSLogs/333333333333/CloudTrail/x.json.gz",
                Map.of("aws:SourceArn", TRAIL, "aws:SourceAccount", "222222222222"));
        Request noAccount = new Request("s3:PutObject", "arn:aws:s3:::logs/org/AWSLogs/222222222222/CloudTrail/x.json.gz",
                Map.of("aws:SourceArn", TRAIL));
        String put = statement("Allow", "\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"}", "\"Action\":\"s3:PutObject\"",
                "\"Resource\":\"" + folder + "\"");

        assertThat(CloudTrailAccess.allowsAll(policy("2012-10-17", put), List.of(write))).isTrue();
        assertThat(CloudTrailAccess.allowsAll(policy("2012-10-17", put), List.of(intoAnother))).as("another account's folder").isFalse();
        assertThat(CloudTrailAccess.allowsAll(policy("2012-10-17", put), List.of(noAccount))).as("nothing to fill it with").isFalse();
        assertThat(CloudTrailAccess.allowsAll(policy("2008-10-17", put), List.of(write))).as("text in an older Version").isFalse();
    }

    @Test
    void anArnOperatorMatchesEachPartOnItsOwn() {
        assertThat(allows(allow("{\"StringLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:trail/*\"}}")))
                .as("StringLike's * crosses colons").isTrue();
        assertThat(allows(allow("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:cloudtrail:*:trail/*\"}}")))
                .as("ArnLike's does not").isFalse();
    }

    @Test
    void unreadableTextOrNoStatementLetsNothingIn() {
        assertThat(CloudTrailAccess.allowsAll("{\"Statement\": not json", List.of(ACL))).isFalse();
        assertThat(CloudTrailAccess.allowsAll("{\"Version\":\"2012-10-17\"}", List.of(ACL))).isFalse();
    }

    private static String policy(String version, String... statements) {
        return "{\"Version\":\"" + version + "\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static boolean allows(String... statements) {
        return CloudTrailAccess.allowsAll("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}",
                List.of(ACL));
    }

    private static String allow(String condition) {
        return statement("Allow", "\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"}", "\"Action\":\"s3:GetBucketAcl\"",
                "\"Resource\":\"arn:aws:s3:::logs\"", "\"Condition\":" + condition);
    }

    private static String statement(String effect, String... elements) {
        return "{\"Effect\":\"" + effect + "\"," + String.join(",", elements) + "}";
    }
}
