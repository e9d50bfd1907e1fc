package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import java.util.UUID;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** SNS Publish with the limits that bite report emails: subject and message size. */
final class SimSnsClient extends SimClient implements SnsClient {
    /** SNS's message size limit (256 KiB, counted in UTF-8 bytes). */
    static final int MAX_MESSAGE_BYTES = 262_144;
    /** AWS: subjects must be "less than 100 characters long". */
    static final int MAX_SUBJECT_CHARS = 99;

    SimSnsClient(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.SNS, callerAccountId, region);
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        // Not "mutating": publishing a report changes nothing the auditor audits or repairs.
        return read("Publish", () -> {
            String topicArn = request.topicArn() != null ? request.topicArn() : request.targetArn();
            SimTopic topic = topic(topicArn);
            validateSubject(request.subject());
            String message = request.message();
            if (message == null || message.isEmpty()) {
                throw invalid("Invalid parameter: Empty message");
            }
            if (PolicyJson.utf8Size(message) > MAX_MESSAGE_BYTES) {
                throw invalid("Invalid parameter: Message too long");
            }
            String messageId = UUID.randomUUID().toString();
            topic.add(new SimTopic.Message(messageId, request.subject(), message, fleet.clock().instant()));
            return PublishResponse.builder().messageId(messageId).build();
        });
    }

    private SimTopic topic(String topicArn) {
        Arn arn = Arn.parse(topicArn).filter(a -> a.service().equals("sns"))
                .orElseThrow(() -> invalid("Invalid parameter: TopicArn"));
        if (!arn.accountId().equals(callerAccountId)) {
            // The fleet does not evaluate topic policies: other accounts' topics are closed.
            throw AwsErrors.<AuthorizationErrorException>build(AuthorizationErrorException.builder(), service,
                    "AuthorizationError", 403, "User: " + Caller.of(callerAccountId).arn()
                            + " is not authorized to perform: SNS:Publish on resource: " + topicArn);
        }
        if (!arn.region().equals(region)) {
            throw invalid("Invalid parameter: TopicArn");
        }
        return fleet.findAccount(callerAccountId).flatMap(a -> a.findTopic(topicArn))
                .orElseThrow(() -> AwsErrors.<NotFoundException>build(NotFoundException.builder(), service,
                        "NotFound", 404, "Topic does not exist"));
    }

    /** Optional; if present: non-empty, under 100 characters, no line breaks or control characters. */
    private void validateSubject(String subject) {
        if (subject == null) {
            return;
        }
        boolean control = subject.chars().anyMatch(Character::isISOControl);
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_CHARS || control) {
            throw invalid("Invalid parameter: Subject");
        }
    }

    private InvalidParameterException invalid(String message) {
        return AwsErrors.build(InvalidParameterException.builder(), service, "InvalidParameter", 400, message);
    }
}
