package dev.trailauditor.sim;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Central policies in the shapes of DESIGN.md that grant the given trails: what a correctly
 * set-up audit account has (the bucket's also denies every request over plain HTTP). Scenario fleets and the demo start from these and then drift.
 */
public final class GrantingPolicies {
    private GrantingPolicies() {}

    public static String bucket(String bucket, String prefix, List<String> trailArns) {
        String writes = trailArns.stream().map(arn -> {
            String account = arn.split(":")[4];
            return """
                    {"Sid":"AWSCloudTrailWrite-%s","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                     "Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/%s/AWSLogs/%s/*",
                     "Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control","aws:SourceArn":"%s"}}}"""
                    .formatted(account, bucket, prefix, account, arn);
        }).collect(Collectors.joining(",\n"));
        return """
                {"Version":"2012-10-17","Statement":[
                {"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                 "Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::%1$s",
                 "Condition":{"StringEquals":{"aws:SourceArn":%2$s}}},
                %3$s%4$s
                {"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*",
                 "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],
                 "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""".formatted(bucket, list(trailArns), writes,
                writes.isEmpty() ? "" : ",");
    }

    public static String key(String auditAccount, List<String> trailArns) {
        List<String> contexts = trailArns.stream()
                .map(arn -> "arn:aws:cloudtrail:*:" + arn.split(":")[4] + ":trail/*").distinct().toList();
        return """
                {"Version":"2012-10-17","Id":"central-key","Statement":[
                {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},
                 "Action":"kms:*","Resource":"*"},
                {"Sid":"Allow CloudTrail to encrypt logs","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                 "Action":"kms:GenerateDataKey*","Resource":"*",
                 "Condition":{"StringEquals":{"aws:SourceArn":%2$s},
                              "StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":%3$s}}},
                {"Sid":"Allow CloudTrail to describe key","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                 "Action":"kms:DescribeKey","Resource":"*"},
                {"Sid":"Allow the audit account to decrypt log files","Effect":"Allow","Principal":{"AWS":"*"},
                 "Action":["kms:Decrypt","kms:ReEncryptFrom"],"Resource":"*",
                 "Condition":{"StringEquals":{"kms:CallerAccount":"%1$s"},
                              "StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":%3$s}}}]}"""
                .formatted(auditAccount, list(trailArns), list(contexts));
    }

    /**
     * The bus policy a person writes by hand with PutPermission per member (--principal <account>): a statement per
     * account, which EventBridge stores with the account's root as Principal.
     */
    public static String bus(String busArn, List<String> accounts) {
        String statements = accounts.stream().map(account -> """
                {"Sid":"member-%1$s","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},
                 "Action":"events:PutEvents","Resource":"%2$s"}""".formatted(account, busArn))
                .collect(Collectors.joining(",\n"));
        return """
                {"Version":"2012-10-17","Statement":[
                %s]}""".formatted(statements);
    }

    private static String list(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
