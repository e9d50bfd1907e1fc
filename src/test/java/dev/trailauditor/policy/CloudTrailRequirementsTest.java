package dev.trailauditor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloudTrailRequirementsTest {
    private static final String TRAIL = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/org";

    @Test
    void writeWithoutPrefixTargetsAWSLogsAtTheBucketRoot() {
        Requirement write = CloudTrailRequirements.bucketWrite("central", null, "222222222222", TRAIL);

        assertThat(write.request().resource())
                .isEqualTo("arn:aws:s3:::central/AWSLogs/222222222222/CloudTrail/us-east-1/2026/01/01/x.json.gz");
        assertThat(write.request().contextValues("s3:x-amz-acl")).contains(List.of("bucket-owner-full-control"));
        assertThat(write.description()).isEqualTo("CloudTrail may write logs of 222222222222 to central/AWSLogs/222222222222/");
    }

    @Test
    void foreignTrailProbeKeepsTheRequestButMovesTheTrailToAnotherAccount() {
        Requirement write = CloudTrailRequirements.bucketWrite("central", "logs", "222222222222", TRAIL);
        Probe foreign = write.probes().get(0);

        assertThat(foreign.meaning()).isEqualTo("a trail of another account");
        assertThat(foreign.request().resource()).isEqualTo(write.request().resource());
        assertThat(foreign.request().contextValues("aws:SourceArn"))
                .contains(List.of("arn:aws:cloudtrail:eu-west-1:999999999999:trail/org"));
        assertThat(foreign.request().contextValues("aws:SourceAccount")).contains(List.of("999999999999"));
        assertThat(write.probes().get(1).request().contextValues("s3:x-amz-acl")).isEmpty();
    }

    @Test
    void encryptProbesOnlyAForeignTrailThatSendsItsOwnEncryptionContext() {
        Requirement encrypt = CloudTrailRequirements.keyEncrypt(Fixtures.KEY, "222222222222", TRAIL);

        assertThat(encrypt.request().contextValues("kms:EncryptionContext:aws:cloudtrail:arn")).contains(List.of(TRAIL));
        assertThat(encrypt.probes()).extracting(Probe::meaning).containsExactly("a trail of another account");
        AccessRequest foreign = encrypt.probes().get(0).request();
        String foreignTrail = "arn:aws:cloudtrail:eu-west-1:999999999999:trail/org";
        assertThat(foreign.contextValues("aws:SourceArn")).contains(List.of(foreignTrail));
        assertThat(foreign.contextValues("aws:SourceAccount")).contains(List.of("999999999999"));
        assertThat(foreign.contextValues("kms:EncryptionContext:aws:cloudtrail:arn")).contains(List.of(foreignTrail));
    }

    @Test
    void decryptProbesDataThatIsNotCloudTrailLogsAndAForeignCaller() {
        Requirement decrypt = CloudTrailRequirements.keyDecrypt(Fixtures.KEY, "111111111111", "222222222222", TRAIL);

        assertThat(decrypt.request().principal()).isEqualTo(RequestPrincipal.account("111111111111"));
        assertThat(decrypt.probes()).extracting(Probe::meaning).containsExactly(
                "data that is not CloudTrail logs", "a caller of another account");
        assertThat(decrypt.probes().get(0).request().contextValues("kms:EncryptionContext:aws:cloudtrail:arn")).isEmpty();
        assertThat(decrypt.probes().get(0).request().contextValues("kms:CallerAccount")).contains(List.of("111111111111"));
        assertThat(decrypt.probes().get(1).request().principal()).isEqualTo(RequestPrincipal.account("999999999999"));
        assertThat(decrypt.probes().get(1).request().contextValues("kms:CallerAccount")).contains(List.of("999999999999"));
    }

    @Test
    void rejectsSomethingThatIsNotATrailArn() {
        assertThatThrownBy(() -> CloudTrailRequirements.bucketAclCheck("central", "arn:aws:s3:::central"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a CloudTrail trail ARN: 'arn:aws:s3:::central'");
    }
}
