package dev.trailauditor.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailServiceClientConfiguration;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ListTrailsRequest;
import software.amazon.awssdk.services.cloudtrail.model.ListTrailsResponse;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingResponse;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailResponse;

/**
 * One member's view of a region's shared CloudTrail client: every call carries the member's
 * credentials as a request-level override, so a run builds one client (one scheduler, one
 * connection pool) per region instead of one per member
 * (https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-specify.html).
 * Only the operations the auditor calls are passed on; any other throws, as an unused one should.
 */
final class MemberCloudTrail implements CloudTrailClient {
    private final CloudTrailClient shared;
    private final AwsCredentialsProvider credentials;

    MemberCloudTrail(CloudTrailClient shared, AwsCredentialsProvider credentials) {
        this.shared = shared;
        this.credentials = credentials;
    }

    /** The same request, signed with the member's credentials (any other override it carries is kept). */
    @SuppressWarnings("unchecked")
    private <R extends CloudTrailRequest> R asMember(R request) {
        AwsRequestOverrideConfiguration override = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder)
                .credentialsProvider(credentials).build();
        return (R) request.toBuilder().overrideConfiguration(override).build();
    }

    @Override
    public GetTrailResponse getTrail(GetTrailRequest request) {
        return shared.getTrail(asMember(request));
    }

    @Override
    public GetTrailStatusResponse getTrailStatus(GetTrailStatusRequest request) {
        return shared.getTrailStatus(asMember(request));
    }

    @Override
    public GetEventSelectorsResponse getEventSelectors(GetEventSelectorsRequest request) {
        return shared.getEventSelectors(asMember(request));
    }

    @Override
    public ListTrailsResponse listTrails(ListTrailsRequest request) {
        return shared.listTrails(asMember(request));
    }

    @Override
    public UpdateTrailResponse updateTrail(UpdateTrailRequest request) {
        return shared.updateTrail(asMember(request));
    }

    @Override
    public PutEventSelectorsResponse putEventSelectors(PutEventSelectorsRequest request) {
        return shared.putEventSelectors(asMember(request));
    }

    @Override
    public StartLoggingResponse startLogging(StartLoggingRequest request) {
        return shared.startLogging(asMember(request));
    }

    @Override
    public CreateTrailResponse createTrail(CreateTrailRequest request) {
        return shared.createTrail(asMember(request));
    }

    @Override
    public CloudTrailServiceClientConfiguration serviceClientConfiguration() {
        return shared.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return shared.serviceName();
    }

    /** The shared client belongs to the run, not to the member. */
    @Override
    public void close() {
    }
}
