package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.ThrottlingException;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

class FleetFaultsAndCallLogTest {
    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String OTHER = "333333333333";

    Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new Fleet();
        fleet.account(AUDIT).bucket("central").policy("{}");
        for (String member : List.of(MEMBER, OTHER)) {
            fleet.account(member).trail("org-trail", "us-east-1").healthy("central", null, null);
        }
    }

    @Test
    void throttlingIsConsumedAfterNCallsAndLooksLikeThrottlingToTheSdk() {
        fleet.inject(MEMBER, "GetTrailStatus", Fault.throttling(2));
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.getTrailStatus(r -> r.name("org-trail")))
                    .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                        assertThat(e).isInstanceOf(CloudTrailException.class);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.isThrottlingException()).isTrue();
                    });
        }
        assertThat(client.getTrailStatus(r -> r.name("org-trail")).isLogging()).isTrue();
        // Other operations and other accounts were never affected.
        assertThat(client.getTrail(r -> r.name("org-trail")).trail()).isNotNull();
        assertThat(fleet.cloudTrail(OTHER, "us-east-1").getTrailStatus(r -> r.name("org-trail")).isLogging()).isTrue();
    }

    @Test
    void everyServiceThrottlesInItsOwnWords() {
        fleet.inject(AUDIT, "*", Fault.throttling());

        assertThatThrownBy(() -> fleet.s3(AUDIT).getBucketPolicy(r -> r.bucket("central")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThatThrownBy(() -> fleet.sts(AUDIT).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.isThrottlingException()).isTrue());
        assertThatThrownBy(() -> fleet.ssm(AUDIT, "us-east-1").getParameter(r -> r.name("x")))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.ssm.model.ThrottlingException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void injectedErrorsAndDeniedAssumeRole() {
        fleet.inject(MEMBER, "GetTrail", Fault.error("AccessDeniedException", 400).times(1));
        fleet.inject(OTHER, "AssumeRole", Fault.accessDenied());
        fleet.account(OTHER).role("Member");

        assertThatThrownBy(() -> fleet.cloudTrail(MEMBER, "us-east-1").getTrail(r -> r.name("org-trail")))
                .isInstanceOfSatisfying(CloudTrailException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThat(fleet.cloudTrail(MEMBER, "us-east-1").getTrail(r -> r.name("org-trail")).trail()).isNotNull();
        assertThatThrownBy(() -> fleet.sts(AUDIT).assumeRole(r -> r
                .roleArn("arn:aws:iam::" + OTHER + ":role/Member").roleSessionName("audit")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
        assertThat(fleet.assumedRoles()).isEmpty();
    }

    @Test
    void delayExercisesTheCallersTimeoutAndTimeoutFaultFailsFast() throws Exception {
        fleet.inject(MEMBER, "DescribeTrails", Fault.delay(Duration.ofSeconds(5)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> slow = pool.submit(() -> fleet.cloudTrail(MEMBER, "us-east-1").describeTrails());
            assertThatThrownBy(() -> slow.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            slow.cancel(true);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(2, TimeUnit.SECONDS)).isTrue();
        }

        fleet.inject(OTHER, "GetTrailStatus", Fault.timeout());
        assertThatThrownBy(() -> fleet.cloudTrail(OTHER, "us-east-1").getTrailStatus(r -> r.name("org-trail")))
                .isInstanceOf(ApiCallTimeoutException.class);
        fleet.clearFaults();
        assertThat(fleet.cloudTrail(OTHER, "us-east-1").getTrailStatus(r -> r.name("org-trail")).isLogging()).isTrue();
    }

    @Test
    void everyCallIsLoggedWithItsMutatingFlagIncludingFailures() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");
        client.getTrail(r -> r.name("org-trail"));
        assertThatThrownBy(() -> client.getTrail(r -> r.name("missing"))).isInstanceOf(TrailNotFoundException.class);
        String topic = fleet.account(AUDIT).snsTopic("us-east-1", "alerts").arn();
        fleet.sns(AUDIT, "us-east-1").publish(r -> r.topicArn(topic).message("report"));
        assertThat(fleet.mutatingCalls()).as("reads and the report are not writes").isEmpty();

        client.stopLogging(r -> r.name("org-trail"));
        assertThatThrownBy(() -> fleet.s3(AUDIT).putBucketPolicy(r -> r.bucket("central").policy("bad")))
                .isInstanceOf(S3Exception.class);

        assertThat(fleet.calls()).containsExactly(
                new SimCall(MEMBER, "us-east-1", "cloudtrail", "GetTrail", false),
                new SimCall(MEMBER, "us-east-1", "cloudtrail", "GetTrail", false),
                new SimCall(AUDIT, "us-east-1", "sns", "Publish", false),
                new SimCall(MEMBER, "us-east-1", "cloudtrail", "StopLogging", true),
                new SimCall(AUDIT, "us-east-1", "s3", "PutBucketPolicy", true));
        assertThat(fleet.mutatingCalls()).extracting(SimCall::operation).containsExactly("StopLogging", "PutBucketPolicy");
        assertThatThrownBy(() -> fleet.calls().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parallelCallersAreAllServedAndLogged() throws Exception {
        fleet.inject(MEMBER, "GetTrailStatus", Fault.throttling(10));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 200).mapToObj(i -> pool.submit(() -> {
                try (CloudTrailClient client = fleet.cloudTrail(i % 2 == 0 ? MEMBER : OTHER, "us-east-1")) {
                    return client.getTrailStatus(r -> r.name("org-trail")).isLogging();
                } catch (ThrottlingException e) {
                    return false;
                }
            })).toList();
            long throttled = 0;
            for (Future<Boolean> result : results) {
                throttled += result.get() ? 0 : 1;
            }
            assertThat(throttled).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fleet.calls()).hasSize(200);
        assertThat(fleet.closedClients()).isEqualTo(200);
    }
}
