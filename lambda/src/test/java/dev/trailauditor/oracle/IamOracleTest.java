package dev.trailauditor.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailauditor.oracle.OracleResult.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge itself: one batch, answers in order, the context keys it derives, and a clear failure. */
class IamOracleTest {
    private static final String BUCKET_POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Write","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",
              "Resource":"arn:aws:s3:::central-trail-logs/AWSLogs/222222222222/*"},
             {"Sid":"OnlyCloudTrail","Effect":"Deny","Principal":"*","Action":"s3:PutObject",
              "Resource":"arn:aws:s3:::central-trail-logs/*",
              "Condition":{"StringNotEquals":{"aws:PrincipalServiceName":"cloudtrail.amazonaws.com"}}}]}""";
    private static final String KEY_POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Encrypt","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
              "Action":"kms:GenerateDataKey*","Resource":"*",
              "Condition":{"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:222222222222:trail/*"}}},
             {"Sid":"Decrypt","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*",
              "Condition":{"StringEquals":{"kms:CallerAccount":"111111111111"}}}]}""";
    private static final String OBJECT = "arn:aws:s3:::central-trail-logs/AWSLogs/222222222222/CloudTrail/eu-west-1/x.json.gz";
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void derivesThePrincipalsOwnKeysAndKeepsTheEncryptionContext() {
        List<OracleResult> results = new IamOracle().evaluate(List.of(
                // No aws:PrincipalServiceName given: the oracle sets it for a service principal ...
                OracleCase.of("cloudtrail", BUCKET_POLICY, "111111111111",
                        OracleRequest.of("cloudtrail.amazonaws.com", "s3:PutObject", OBJECT)),
                // ... and not for an IAM role, which the Deny then catches.
                OracleCase.of("role", BUCKET_POLICY, "111111111111",
                        OracleRequest.of("arn:aws:iam::222222222222:role/Deployer", "s3:PutObject", OBJECT)),
                // kms:EncryptionContext:<key> reaches the evaluation (iam-simulate's own filter drops it).
                OracleCase.of("encrypt", KEY_POLICY, "111111111111",
                        OracleRequest.of("cloudtrail.amazonaws.com", "kms:GenerateDataKey", KEY)
                                .with("kms:EncryptionContext:aws:cloudtrail:arn",
                                        "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org-trail")),
                // kms:CallerAccount comes from the caller's ARN.
                OracleCase.of("decrypt", KEY_POLICY, "111111111111",
                        OracleRequest.of("arn:aws:iam::111111111111:role/LogReader", "kms:Decrypt", KEY)),
                OracleCase.of("no-such-action", BUCKET_POLICY, "111111111111",
                        OracleRequest.of("*", "s3:PutObjekt", OBJECT))));

        assertThat(results).extracting(OracleResult::id)
                .containsExactly("cloudtrail", "role", "encrypt", "decrypt", "no-such-action");
        assertThat(results).extracting(OracleResult::decision).containsExactly(
                Decision.ALLOWED, Decision.EXPLICITLY_DENIED, Decision.ALLOWED, Decision.ALLOWED, null);
        assertThat(results.get(4).error()).contains("invalid.action");
    }

    @Test
    void reportsContextKeysTheActionDoesNotHave() {
        OracleResult result = new IamOracle().evaluate(OracleCase.of("acl", BUCKET_POLICY, "111111111111",
                OracleRequest.of("cloudtrail.amazonaws.com", "s3:GetBucketAcl", "arn:aws:s3:::central-trail-logs")
                        .with("s3:x-amz-acl", "bucket-owner-full-control")));

        assertThat(result.decision()).isEqualTo(Decision.IMPLICITLY_DENIED);
        assertThat(result.ignoredContextKeys()).containsExactly("s3:x-amz-acl");
    }

    @Test
    void failsNamingTheFixWhenTheNodePackagesAreMissing(@TempDir Path directory) throws Exception {
        Files.copy(Path.of("lambda", "src", "test", "oracle", "oracle.mjs"), directory.resolve("oracle.mjs"));
        IamOracle oracle = new IamOracle(directory);

        assertThatThrownBy(() -> oracle.evaluate(OracleCase.of("x", BUCKET_POLICY, "111111111111",
                OracleRequest.of("*", "s3:PutObject", OBJECT))))
                .isInstanceOf(IamOracle.UnavailableException.class)
                .hasMessageContaining("node_modules is missing")
                .hasMessageContaining("npm ci --no-audit --no-fund");
    }
}
