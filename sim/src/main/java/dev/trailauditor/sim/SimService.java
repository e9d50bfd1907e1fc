package dev.trailauditor.sim;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.ThrottledException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The simulated services, with what differs between them when AWS reports an error: the
 * service id the SDK puts in AwsErrorDetails, the base exception type, and how each one
 * says "slow down" (codes and types as the SDK 2.57.8 unmarshallers map them, so
 * {@link AwsServiceException#isThrottlingException()} is true as it would be for real).
 */
enum SimService {
    CLOUDTRAIL(CloudTrailClient.SERVICE_NAME, "CloudTrail", CloudTrailException::builder,
            software.amazon.awssdk.services.cloudtrail.model.ThrottlingException::builder, "ThrottlingException", 400),
    S3(S3Client.SERVICE_NAME, "S3", S3Exception::builder, S3Exception::builder, "SlowDown", 503),
    KMS(KmsClient.SERVICE_NAME, "KMS", KmsException::builder, KmsException::builder, "ThrottlingException", 400),
    SNS(SnsClient.SERVICE_NAME, "SNS", SnsException::builder, ThrottledException::builder, "Throttled", 429),
    SSM(SsmClient.SERVICE_NAME, "SSM", SsmException::builder,
            software.amazon.awssdk.services.ssm.model.ThrottlingException::builder, "ThrottlingException", 400),
    STS(StsClient.SERVICE_NAME, "STS", StsException::builder, StsException::builder, "Throttling", 400),
    EVENTBRIDGE(EventBridgeClient.SERVICE_NAME, "EventBridge", EventBridgeException::builder,
            software.amazon.awssdk.services.eventbridge.model.ThrottlingException::builder, "ThrottlingException", 400),
    SQS(SqsClient.SERVICE_NAME, "Sqs", SqsException::builder, SqsException::builder, "RequestThrottled", 403);

    private final String clientServiceName;
    private final String errorServiceName;
    private final Supplier<? extends AwsServiceException.Builder> baseError;
    private final Supplier<? extends AwsServiceException.Builder> throttlingError;
    private final String throttlingCode;
    private final int throttlingStatus;

    SimService(String clientServiceName, String errorServiceName,
               Supplier<? extends AwsServiceException.Builder> baseError,
               Supplier<? extends AwsServiceException.Builder> throttlingError,
               String throttlingCode, int throttlingStatus) {
        this.clientServiceName = clientServiceName;
        this.errorServiceName = errorServiceName;
        this.baseError = baseError;
        this.throttlingError = throttlingError;
        this.throttlingCode = throttlingCode;
        this.throttlingStatus = throttlingStatus;
    }

    /** What {@code SdkClient.serviceName()} returns, e.g. "cloudtrail". */
    String clientServiceName() {
        return clientServiceName;
    }

    /** What {@code AwsErrorDetails.serviceName()} carries, e.g. "CloudTrail". */
    String errorServiceName() {
        return errorServiceName;
    }

    /** This service's base exception type (e.g. S3Exception) with any error code. */
    AwsServiceException error(String errorCode, int statusCode, String message) {
        return AwsErrors.build(baseError.get(), this, errorCode, statusCode, message);
    }

    /** S3 and STS say "AccessDenied" with HTTP 403; the JSON services "AccessDeniedException" with 400. */
    AwsServiceException accessDenied(String message) {
        boolean queryOrXml = this == S3 || this == STS;
        return error(queryOrXml ? "AccessDenied" : "AccessDeniedException", queryOrXml ? 403 : 400, message);
    }

    AwsServiceException throttling() {
        return AwsErrors.build(throttlingError.get(), this, throttlingCode, throttlingStatus, "Rate exceeded");
    }
}
