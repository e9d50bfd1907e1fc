package dev.trailauditor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/** The shared-client pieces of the SDK path, with Mockito at the SDK edge. */
class MemberCloudTrailTest {
    private final AwsCredentialsProvider member = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMEMBER", "s"));

    @Test
    void everyCallOnTheSharedClientCarriesTheMembersCredentialsAndKeepsItsOtherOverrides() {
        CloudTrailClient shared = mock(CloudTrailClient.class);
        when(shared.getTrail(any(GetTrailRequest.class))).thenReturn(GetTrailResponse.builder().build());
        when(shared.updateTrail(any(UpdateTrailRequest.class))).thenReturn(UpdateTrailResponse.builder().build());
        CloudTrailClient asMember = new MemberCloudTrail(shared, member);

        asMember.getTrail(r -> r.name("org-trail").overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(7))));
        asMember.updateTrail(UpdateTrailRequest.builder().name("org-trail").build());
        asMember.close();

        ArgumentCaptor<GetTrailRequest> get = ArgumentCaptor.forClass(GetTrailRequest.class);
        verify(shared).getTrail(get.capture());
        assertThat(get.getValue().name()).isEqualTo("org-trail");
        assertThat(get.getValue().overrideConfiguration().orElseThrow().credentialsIdentityProvider()).contains(member);
        assertThat(get.getValue().overrideConfiguration().orElseThrow().apiCallTimeout()).contains(Duration.ofSeconds(7));
        ArgumentCaptor<UpdateTrailRequest> update = ArgumentCaptor.forClass(UpdateTrailRequest.class);
        verify(shared).updateTrail(update.capture());
        assertThat(update.getValue().overrideConfiguration().orElseThrow().credentialsIdentityProvider()).contains(member);
        verify(shared, org.mockito.Mockito.never()).close();
    }

    @Test
    void assumeRoleCallsAreSpacedToTheRate() {
        StsClient sts = mock(StsClient.class);
        when(sts.assumeRole(any(AssumeRoleRequest.class))).thenReturn(AssumeRoleResponse.builder().build());
        AssumeRolePacer paced = new AssumeRolePacer(sts, 50);

        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            paced.assumeRole(AssumeRoleRequest.builder().roleArn("arn:aws:iam::222222222222:role/R").build());
        }

        // Six calls at 50 a second: the sixth waits for the fifth interval, 100 ms after the first.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(99));
        verify(sts, org.mockito.Mockito.times(6)).assumeRole(any(AssumeRoleRequest.class));
    }
}
