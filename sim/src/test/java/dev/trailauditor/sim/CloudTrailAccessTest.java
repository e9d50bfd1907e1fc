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

    @Test
    void unreadableTextOrNoStatementLetsNothingIn() {
        assertThat(CloudTrailAccess.allowsAll("{\"Statement\": not json", List.of(ACL))).isFalse();
        assertThat(CloudTrailAccess.allowsAll("{\"Version\":\"2012-10-17\"}", List.of(ACL))).isFalse();
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
