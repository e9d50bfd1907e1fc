package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventSelectorsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidHomeRegionException;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.S3BucketDoesNotExistException;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailAlreadyExistsException;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

class SimCloudTrailClientTest {
    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String BUCKET = "central-trail-logs";
    static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");

    Fleet fleet;
    String keyArn;
    SimTrail trail;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(Clock.fixed(NOW, ZoneOffset.UTC));
        trail = fleet.account(MEMBER).trail("org-trail", "us-east-1");
        List<String> grantedTrails = List.of(trail.arn(), "arn:aws:cloudtrail:eu-west-1:" + MEMBER + ":trail/new-trail");
        fleet.account(AUDIT).bucket(BUCKET).policy(GrantingPolicies.bucket(BUCKET, "cloudtrail", grantedTrails));
        keyArn = fleet.account(AUDIT).kmsKey("us-east-1").policy(GrantingPolicies.key(AUDIT, grantedTrails)).arn();
        trail.healthy(BUCKET, "cloudtrail", keyArn);
    }

    @Test
    void healthyTrailReadsBackAsConfigured() {
        Trail t = fleet.cloudTrail(MEMBER, "us-east-1").getTrail(r -> r.name("org-trail")).trail();

        assertThat(t.trailARN()).isEqualTo("arn:aws:cloudtrail:us-east-1:" + MEMBER + ":trail/org-trail");
        assertThat(t.s3BucketName()).isEqualTo(BUCKET);
        assertThat(t.s3KeyPrefix()).isEqualTo("cloudtrail");
        assertThat(t.kmsKeyId()).isEqualTo(keyArn);
        assertThat(t.isMultiRegionTrail()).isTrue();
        assertThat(t.includeGlobalServiceEvents()).isTrue();
        assertThat(t.logFileValidationEnabled()).isTrue();
        assertThat(t.homeRegion()).isEqualTo("us-east-1");

        GetTrailStatusResponse status = fleet.cloudTrail(MEMBER, "us-east-1").getTrailStatus(r -> r.name("org-trail"));
        assertThat(status.isLogging()).isTrue();
        assertThat(status.latestDeliveryTime()).isEqualTo(NOW.minusSeconds(600));
        assertThat(status.latestDeliveryError()).isNull();
    }

    @Test
    void multiRegionTrailIsAShadowOutsideItsHomeRegion() {
        CloudTrailClient frankfurt = fleet.cloudTrail(MEMBER, "eu-central-1");

        Trail shadow = frankfurt.getTrail(r -> r.name("org-trail")).trail();

        assertThat(shadow.homeRegion()).isEqualTo("us-east-1");
        assertThat(shadow.trailARN()).isEqualTo(trail.arn());
        assertThat(frankfurt.describeTrails(r -> r.includeShadowTrails(true)).trailList()).hasSize(1);
        assertThat(frankfurt.describeTrails(r -> r.includeShadowTrails(false)).trailList()).isEmpty();
        // By name DescribeTrails matches only this region's own trails; the ARN reaches any region.
        assertThat(frankfurt.describeTrails(r -> r.trailNameList("org-trail")).trailList()).isEmpty();
        assertThat(frankfurt.describeTrails(r -> r.trailNameList(trail.arn())).trailList()).hasSize(1);
    }

    @Test
    void trailStatusOfAShadowNeedsTheArn() {
        CloudTrailClient frankfurt = fleet.cloudTrail(MEMBER, "eu-central-1");

        assertThatThrownBy(() -> frankfurt.getTrailStatus(r -> r.name("org-trail")))
                .isInstanceOf(TrailNotFoundException.class);
        assertThat(frankfurt.getTrailStatus(r -> r.name(trail.arn())).isLogging()).isTrue();
    }

    @Test
    void singleRegionTrailIsNotFoundFromAnotherRegion() {
        trail.multiRegion(false);

        assertThatThrownBy(() -> fleet.cloudTrail(MEMBER, "eu-central-1").getTrail(r -> r.name("org-trail")))
                .isInstanceOfSatisfying(TrailNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TrailNotFoundException");
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("CloudTrail");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Unknown trail: org-trail for the user: " + MEMBER);
                });
    }

    @Test
    void unknownTrailAndOtherAccountsArnAreNotFound() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");

        assertThatThrownBy(() -> client.getTrail(r -> r.name("nope"))).isInstanceOf(TrailNotFoundException.class);
        assertThatThrownBy(() -> fleet.cloudTrail("333333333333", "us-east-1").getTrail(r -> r.name(trail.arn())))
                .isInstanceOf(TrailNotFoundException.class);
    }

    @Test
    void mutationsShowInStatusAndSettings() {
        trail.stopLogging().deliveryError("AccessDenied").digestDeliveryError("AccessDenied").prefix(null)
                .logValidation(false);
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");

        GetTrailStatusResponse status = client.getTrailStatus(r -> r.name(trail.arn()));
        assertThat(status.isLogging()).isFalse();
        assertThat(status.stopLoggingTime()).isEqualTo(NOW);
        assertThat(status.latestDeliveryError()).isEqualTo("AccessDenied");
        assertThat(status.latestDigestDeliveryError()).isEqualTo("AccessDenied");
        Trail t = client.getTrail(r -> r.name("org-trail")).trail();
        assertThat(t.s3KeyPrefix()).isNull();
        assertThat(t.logFileValidationEnabled()).isFalse();
    }

    @Test
    void eventSelectorsAreBasicOrAdvancedAsTheTrailHasThem() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");
        trail.managementEvents(ReadWriteType.READ_ONLY);

        GetEventSelectorsResponse basic = client.getEventSelectors(r -> r.trailName("org-trail"));
        assertThat(basic.eventSelectors()).singleElement()
                .satisfies(s -> assertThat(s.readWriteType()).isEqualTo(ReadWriteType.READ_ONLY));
        assertThat(basic.hasAdvancedEventSelectors()).isFalse();

        trail.advancedEventSelectors(managementEventsAdvanced());
        GetEventSelectorsResponse advanced = client.getEventSelectors(r -> r.trailName(trail.arn()));
        assertThat(advanced.advancedEventSelectors()).containsExactly(managementEventsAdvanced());
        assertThat(advanced.eventSelectors()).isEmpty();
    }

    @Test
    void writesMustBeMadeInTheHomeRegion() {
        CloudTrailClient frankfurt = fleet.cloudTrail(MEMBER, "eu-central-1");
        trail.stopLogging();

        assertThatThrownBy(() -> frankfurt.startLogging(r -> r.name("org-trail")))
                .isInstanceOf(InvalidHomeRegionException.class);
        assertThat(trail.isLogging()).isFalse();

        fleet.cloudTrail(MEMBER, "us-east-1").startLogging(r -> r.name("org-trail"));
        assertThat(trail.isLogging()).isTrue();
    }

    @Test
    void updateTrailChangesOnlyWhatIsGivenAndChecksTheBucket() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");
        trail.bucket("somewhere-else").prefix("old").multiRegion(false);

        var response = client.updateTrail(r -> r.name("org-trail").s3BucketName(BUCKET).s3KeyPrefix("cloudtrail")
                .isMultiRegionTrail(true));

        Trail t = trail.snapshot();
        assertThat(response.trailARN()).isEqualTo(t.trailARN());
        assertThat(response.s3BucketName()).as("the response describes the updated trail").isEqualTo(BUCKET);
        assertThat(response.isMultiRegionTrail()).isTrue();
        assertThat(t.s3BucketName()).isEqualTo(BUCKET);
        assertThat(t.s3KeyPrefix()).isEqualTo("cloudtrail");
        assertThat(t.isMultiRegionTrail()).isTrue();
        assertThat(t.kmsKeyId()).isEqualTo(keyArn);
        assertThatThrownBy(() -> client.updateTrail(r -> r.name("org-trail").s3BucketName("no-such-bucket")))
                .isInstanceOf(S3BucketDoesNotExistException.class);
    }

    @Test
    void createdTrailDoesNotLogUntilStarted() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "eu-west-1");

        var created = client.createTrail(r -> r.name("new-trail").s3BucketName(BUCKET).s3KeyPrefix("cloudtrail").kmsKeyId(keyArn)
                .isMultiRegionTrail(true));
        assertThat(created.name()).isEqualTo("new-trail");
        assertThat(created.kmsKeyId()).as("the key as its full ARN").isEqualTo(keyArn);
        assertThat(created.s3KeyPrefix()).isEqualTo("cloudtrail");

        assertThat(client.getTrail(r -> r.name("new-trail")).trail().homeRegion()).isEqualTo("eu-west-1");
        assertThat(client.getTrailStatus(r -> r.name("new-trail")).isLogging()).isFalse();
        assertThatThrownBy(() -> client.createTrail(r -> r.name("new-trail").s3BucketName(BUCKET)))
                .isInstanceOf(TrailAlreadyExistsException.class);
    }

    @Test
    void putEventSelectorsTakesBasicOrAdvancedNotBoth() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");
        EventSelector all = EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build();

        assertThatThrownBy(() -> client.putEventSelectors(r -> r.trailName("org-trail")
                .eventSelectors(all).advancedEventSelectors(managementEventsAdvanced())))
                .isInstanceOf(InvalidEventSelectorsException.class);

        client.putEventSelectors(r -> r.trailName("org-trail").advancedEventSelectors(managementEventsAdvanced()));
        assertThat(client.getEventSelectors(r -> r.trailName("org-trail")).advancedEventSelectors()).hasSize(1);
    }

    /** The fleet's client is a plain CloudTrailClient to code that only knows the interface. */
    @Test
    void usableWhereverACloudTrailClientIsExpected() {
        CloudTrailClient client = fleet.cloudTrail(MEMBER, "us-east-1");

        assertThat(trailNames(client)).containsExactly("org-trail");
        assertThat(client.serviceName()).isEqualTo(CloudTrailClient.SERVICE_NAME);
        assertThatThrownBy(() -> client.listPublicKeys(r -> { }))
                .isInstanceOf(UnsupportedOperationException.class)
                .isNotInstanceOf(CloudTrailException.class);
        client.close();
        assertThat(fleet.closedClients()).isEqualTo(1);
    }

    private static List<String> trailNames(CloudTrailClient anyClient) {
        return anyClient.describeTrails().trailList().stream().map(Trail::name).toList();
    }

    private static AdvancedEventSelector managementEventsAdvanced() {
        return AdvancedEventSelector.builder().name("Management events")
                .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build())
                .build();
    }
}
