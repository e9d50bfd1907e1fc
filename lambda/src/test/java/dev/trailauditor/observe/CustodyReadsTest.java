package dev.trailauditor.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.ListGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketReplicationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketReplicationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;

/** The custody reads at the SDK edge: every page of grants, the "not configured" codes, and the topic only when there is one. */
class CustodyReadsTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k";
    private static final String TOPIC = "arn:aws:sns:us-east-1:111111111111:trail-audit";

    private final S3Client s3 = mock(S3Client.class);
    private final KmsClient kms = mock(KmsClient.class);
    private final SnsClient sns = mock(SnsClient.class);
    private final AwsClients clients = mock(AwsClients.class);
    private final List<ListGrantsRequest> grantRequests = new ArrayList<>();

    private static AuditConfig config(Optional<Arn> topic) {
        return new AuditConfig("central-logs", LogPrefix.NONE, Arn.of(KEY), "111111111111", "t", "eu-west-1", "R", Optional.empty(),
                topic, Duration.ofHours(24), 2, List.of(Member.of("aws", "222222222222", Optional.empty(), "t", "eu-west-1", "R", false)),
                Repairs.REPORT_ONLY);
    }

    private CentralReader reader(Optional<Arn> topic) {
        return new CentralReader(clients, config(topic));
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        when(clients.s3("eu-west-1")).thenReturn(s3);
        when(clients.kms("eu-west-1")).thenReturn(kms);
        when(clients.sns("us-east-1")).thenReturn(sns);
        when(kms.listGrants(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketLifecycleConfiguration(any(Consumer.class))).thenCallRealMethod();
        when(s3.getBucketReplication(any(Consumer.class))).thenCallRealMethod();
        when(sns.getTopicAttributes(any(Consumer.class))).thenCallRealMethod();
    }

    private void grantPages(ListGrantsResponse... pages) {
        when(kms.listGrants(any(ListGrantsRequest.class))).thenAnswer(call -> {
            grantRequests.add(call.getArgument(0));
            return pages[grantRequests.size() - 1];
        });
    }

    private static GrantListEntry grant(String id) {
        return GrantListEntry.builder().grantId(id).operationsWithStrings("Decrypt").build();
    }

    @Test
    void everyPageOfGrantsIsRead() {
        grantPages(ListGrantsResponse.builder().grants(grant("a"), grant("b")).truncated(true).nextMarker("m1").build(),
                ListGrantsResponse.builder().grants(grant("c")).truncated(false).build());

        assertThat(reader(Optional.empty()).keyGrants()).extracting(GrantListEntry::grantId).containsExactly("a", "b", "c");
        assertThat(grantRequests).extracting(ListGrantsRequest::marker).containsExactly(null, "m1");
        assertThat(grantRequests).allSatisfy(r -> {
            assertThat(r.keyId()).isEqualTo(KEY);
            assertThat(r.limit()).isEqualTo(100);
        });
    }

    @Test
    void aTruncatedListThatCannotBeFollowedFailsTheRead() {
        grantPages(ListGrantsResponse.builder().grants(grant("a")).truncated(true).build());
        assertThatThrownBy(() -> reader(Optional.empty()).keyGrants())
                .hasMessage("KMS ListGrants said more grants follow but gave no NextMarker after 1 grants: the rest are unseen");

        grantRequests.clear();
        grantPages(ListGrantsResponse.builder().grants(grant("a")).truncated(true).nextMarker("m").build(),
                ListGrantsResponse.builder().grants(grant("b")).truncated(true).nextMarker("m").build());
        assertThatThrownBy(() -> reader(Optional.empty()).keyGrants())
                .hasMessage("KMS ListGrants said more grants follow but gave a NextMarker it gave before after 2 grants: the rest are unseen");
    }

    @Test
    void noLifecycleOrReplicationConfigurationIsAStateAndAnyOtherErrorAFailure() {
        when(s3.getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class)))
                .thenThrow(s3Error("NoSuchLifecycleConfiguration", 404));
        when(s3.getBucketReplication(any(GetBucketReplicationRequest.class)))
                .thenThrow(s3Error("ReplicationConfigurationNotFoundError", 404));
        assertThat(reader(Optional.empty()).lifecycle()).isEmpty();
        assertThat(reader(Optional.empty()).replication()).isEmpty();

        // One setting's "not configured" code is no answer for the other.
        when(s3.getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class)))
                .thenThrow(s3Error("ReplicationConfigurationNotFoundError", 404));
        when(s3.getBucketReplication(any(GetBucketReplicationRequest.class))).thenThrow(s3Error("AccessDenied", 403));
        assertThatThrownBy(() -> reader(Optional.empty()).lifecycle()).isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> reader(Optional.empty()).replication()).isInstanceOf(S3Exception.class);
    }

    @Test
    void aConfigurationAnsweredWithoutRulesIsNoAnswer() {
        when(s3.getBucketLifecycleConfiguration(any(GetBucketLifecycleConfigurationRequest.class)))
                .thenReturn(GetBucketLifecycleConfigurationResponse.builder().build());
        when(s3.getBucketReplication(any(GetBucketReplicationRequest.class)))
                .thenReturn(GetBucketReplicationResponse.builder().replicationConfiguration(c -> c.role("r")).build());

        assertThatThrownBy(() -> reader(Optional.empty()).lifecycle()).hasMessage("S3 answered a lifecycle configuration without rules");
        assertThatThrownBy(() -> reader(Optional.empty()).replication())
                .hasMessage("S3 answered a replication configuration without rules");
    }

    @Test
    void theTopicIsReadInItsOwnRegionOnlyWhenThereIsOne() {
        List<GetTopicAttributesRequest> asked = new ArrayList<>();
        when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class))).thenAnswer(call -> {
            asked.add(call.getArgument(0));
            return GetTopicAttributesResponse.builder().attributes(Map.of("SubscriptionsConfirmed", "1")).build();
        });

        assertThat(reader(Optional.empty()).reportTopic()).isEmpty();
        assertThat(asked).isEmpty();
        assertThat(reader(Optional.of(Arn.of(TOPIC))).reportTopic()).contains(Map.of("SubscriptionsConfirmed", "1"));
        assertThat(asked).extracting(GetTopicAttributesRequest::topicArn).containsExactly(TOPIC);
    }

    private static S3Exception s3Error(String code, int status) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
    }
}
