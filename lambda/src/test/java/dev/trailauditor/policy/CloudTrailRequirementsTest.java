package dev.trailauditor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The requests CloudTrail really makes, with their context, and the probes of others. */
class CloudTrailRequirementsTest {
    private static final String TRAIL = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org";
    private static final Grantee MEMBER = new Grantee("222222222222", Arn.of(TRAIL));
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k";
    private static final CentralTarget NO_PREFIX = new CentralTarget("aws", "central", LogPrefix.NONE, KEY, "111111111111", Fixtures.AT);
    private static final CentralTarget WITH_PREFIX = new CentralTarget("aws", "central", LogPrefix.of("logs"), KEY, "111111111111", Fixtures.AT);

    @Test
    void writeIsEveryLogAndDigestFileOfTheHomeRegionAndAnotherRegion() {
        Requirement write = CloudTrailRequirements.bucketWrite(NO_PREFIX, MEMBER);

        assertThat(write.calls()).extracting(Call::meaning).containsExactly(
                "the log file of eu-west-1", "the digest file of eu-west-1",
                "the log file of us-east-1", "the digest file of us-east-1");
        assertThat(write.calls()).extracting(c -> c.request().resource()).containsExactly(
                "arn:aws:s3:::central/AWSLogs/222222222222/CloudTrail/eu-west-1/2026/11/29/222222222222_CloudTrail_eu-west-1_20261129T0300Z_Ab12Cd34Ef56Gh78.json.gz",
                "arn:aws:s3:::central/AWSLogs/222222222222/CloudTrail-Digest/eu-west-1/2026/11/29/222222222222_CloudTrail-Digest_eu-west-1_org_eu-west-1_20261129T030000Z.json.gz",
                "arn:aws:s3:::central/AWSLogs/222222222222/CloudTrail/us-east-1/2026/11/29/222222222222_CloudTrail_us-east-1_20261129T0300Z_Ab12Cd34Ef56Gh78.json.gz",
                "arn:aws:s3:::central/AWSLogs/222222222222/CloudTrail-Digest/us-east-1/2026/11/29/222222222222_CloudTrail-Digest_us-east-1_org_eu-west-1_20261129T030000Z.json.gz");
        assertThat(write.description()).isEqualTo("CloudTrail may write logs of 222222222222 to central/AWSLogs/222222222222/");
        assertThat(CloudTrailRequirements.bucketWrite(WITH_PREFIX, MEMBER).request().resource())
                .startsWith("arn:aws:s3:::central/logs/AWSLogs/222222222222/CloudTrail/eu-west-1/");
    }

    @Test
    void everyCloudTrailRequestCarriesTheSourceTheTransportTheTimeAndItsServiceName() {
        List<AccessRequest> requests = List.of(
                CloudTrailRequirements.bucketAclCheck(NO_PREFIX, MEMBER).request(),
                CloudTrailRequirements.bucketWrite(NO_PREFIX, MEMBER).request(),
                CloudTrailRequirements.keyEncrypt(NO_PREFIX, MEMBER).request(),
                CloudTrailRequirements.keyDescribe(NO_PREFIX, MEMBER).request());

        assertThat(requests).allSatisfy(request -> {
            assertThat(request.principal()).isEqualTo(RequestPrincipal.service("cloudtrail.amazonaws.com"));
            assertThat(request.contextValues("aws:SourceArn")).contains(List.of(TRAIL));
            assertThat(request.contextValues("aws:SourceAccount")).contains(List.of("222222222222"));
            assertThat(request.contextValues("aws:SecureTransport")).contains(List.of("true"));
            assertThat(request.contextValues("aws:CurrentTime")).contains(List.of("2026-11-29T03:00:00Z"));
            assertThat(request.contextValues("aws:EpochTime")).contains(List.of(String.valueOf(Fixtures.AT.getEpochSecond())));
            assertThat(request.contextValues("aws:PrincipalServiceName")).contains(List.of("cloudtrail.amazonaws.com"));
            assertThat(request.contextValues("aws:PrincipalIsAWSService")).contains(List.of("true"));
        });
    }

    @Test
    void aLogWriteSendsTheOwnerAclAndTheSseKmsHeadersAndTheDataKeyTheEncryptionContext() {
        AccessRequest write = CloudTrailRequirements.bucketWrite(NO_PREFIX, MEMBER).request();
        AccessRequest encrypt = CloudTrailRequirements.keyEncrypt(NO_PREFIX, MEMBER).request();

        assertThat(write.contextValues("s3:x-amz-acl")).contains(List.of("bucket-owner-full-control"));
        assertThat(write.contextValues("s3:x-amz-server-side-encryption")).contains(List.of("aws:kms"));
        assertThat(write.contextValues("s3:x-amz-server-side-encryption-aws-kms-key-id")).contains(List.of(KEY));
        assertThat(encrypt.action()).isEqualTo("kms:GenerateDataKey");
        assertThat(encrypt.contextValues("kms:EncryptionContext:aws:cloudtrail:arn")).contains(List.of(TRAIL));
        assertThat(encrypt.contextValues("kms:EncryptionContext:aws:s3:arn").orElseThrow().get(0))
                .startsWith("arn:aws:s3:::central/AWSLogs/222222222222/CloudTrail/eu-west-1/");
        assertThat(encrypt.contextValues("kms:EncryptionContextKeys")).contains(List.of("aws:cloudtrail:arn", "aws:s3:arn"));
    }

    @Test
    void theAuditAccountDecryptsAsItsRootWithItsCallerAccount() {
        AccessRequest decrypt = CloudTrailRequirements.keyDecrypt(NO_PREFIX, MEMBER).request();

        assertThat(decrypt.principal()).isEqualTo(RequestPrincipal.account("111111111111"));
        assertThat(decrypt.contextValues("kms:CallerAccount")).contains(List.of("111111111111"));
        assertThat(decrypt.contextValues("kms:EncryptionContext:aws:cloudtrail:arn")).contains(List.of(TRAIL));
        assertThat(decrypt.contextValues("aws:PrincipalAccount")).contains(List.of("111111111111"));
    }

    @Test
    void bucketProbesAreTheCallersIssueEightNamesWorstFirst() {
        List<Probe> probes = CloudTrailRequirements.bucketProbes(NO_PREFIX, MEMBER);

        assertThat(probes).extracting(Probe::level).isSorted();
        Probe anonymous = probes.get(0);
        assertThat(anonymous.level()).isEqualTo(Probe.Level.CRITICAL);
        assertThat(anonymous.request().principal().kind()).isEqualTo(RequestPrincipal.Kind.ANONYMOUS);
        assertThat(anonymous.request().contextValues("aws:SourceArn")).isEmpty();
        assertThat(probes).extracting(p -> p.request().principal().describe()).contains(
                "arn:aws:iam::999999999999:role/Intruder", "arn:aws:iam::222222222222:role/Admin", "config.amazonaws.com");
        Probe foreignTrail = probes.stream().filter(p -> p.meaning().startsWith("a trail of an unregistered")).findFirst().orElseThrow();
        assertThat(foreignTrail.request().contextValues("aws:SourceArn"))
                .contains(List.of("arn:aws:cloudtrail:eu-west-1:999999999999:trail/org"));
        assertThat(probes).extracting(p -> p.request().resource())
                .contains("arn:aws:s3:::central/x.json.gz", "arn:aws:s3:::central/AWSLogs/999999999999/CloudTrail/eu-west-1/x.json.gz");
        assertThat(probes.get(probes.size() - 1).request().contextValues("s3:x-amz-acl")).isEmpty();
    }

    @Test
    void keyProbesAreOthersDecryptingManagingAndEncrypting() {
        List<Probe> probes = CloudTrailRequirements.keyProbes(NO_PREFIX, MEMBER);

        assertThat(probes).extracting(p -> p.request().action()).contains("kms:Decrypt", "kms:PutKeyPolicy", "kms:GenerateDataKey");
        assertThat(probes).filteredOn(p -> p.request().principal().kind() == RequestPrincipal.Kind.ACCOUNT)
                .allSatisfy(p -> assertThat(p.request().contextValues("kms:CallerAccount"))
                        .contains(List.of(p.request().principal().name())));
        assertThat(probes).noneMatch(p -> p.request().principal().equals(RequestPrincipal.account("111111111111")));
    }

    @Test
    void rejectsSomethingThatIsNotATrailArn() {
        assertThatThrownBy(() -> new Grantee("222222222222", Arn.of("arn:aws:s3:::central")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'arn:aws:s3:::central' is not a trail ARN of account 222222222222");
    }
}
