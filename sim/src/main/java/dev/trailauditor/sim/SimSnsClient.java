package dev.trailauditor.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailauditor.policy.Arn;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * SNS Publish with the limits that bite report emails: subject, message size (message and attributes together), the
 * JSON message structure (a "default" string; each protocol's value a string) and attribute types; and
 * GetTopicAttributes, with the topic's subscription counts.
 */
final class SimSnsClient extends SimClient implements SnsClient {
    /** SNS's message size limit (256 KiB, counted in UTF-8 bytes). */
    static final int MAX_MESSAGE_BYTES = 262_144;
    /** AWS: subjects must be "less than 100 characters long". */
    static final int MAX_SUBJECT_CHARS = 99;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PROTOCOLS = Set.of("default", "email", "email-json", "sqs", "lambda", "http", "https",
            "sms", "firehose", "APNS", "APNS_SANDBOX", "GCM", "ADM", "BAIDU", "MPNS", "WNS");

    SimSnsClient(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.SNS, callerAccountId, region);
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        // Not "mutating": publishing a report changes nothing the auditor audits or repairs.
        return read("Publish", () -> {
            String topicArn = request.topicArn() != null ? request.topicArn() : request.targetArn();
            SimTopic topic = topic(topicArn, "Publish");
            validateSubject(request.subject());
            String message = request.message();
            if (message == null || message.isEmpty()) {
                throw invalid("Invalid parameter: Empty message");
            }
            Map<String, SimTopic.Attribute> attributes = attributes(request.messageAttributes());
            int attributeBytes = attributes.entrySet().stream().mapToInt(a -> utf8(a.getKey()) + utf8(a.getValue().dataType())
                    + utf8(a.getValue().value())).sum();
            if (PolicyJson.utf8Size(message) + attributeBytes > MAX_MESSAGE_BYTES) {
                throw invalid("Invalid parameter: Message too long");
            }
            Map<String, String> byProtocol = "json".equals(request.messageStructure()) ? byProtocol(message) : Map.of();
            String email = byProtocol.isEmpty() ? message : byProtocol.getOrDefault("email", byProtocol.get("default"));
            String messageId = UUID.randomUUID().toString();
            topic.add(new SimTopic.Message(messageId, request.subject(), email, fleet.clock().instant(), byProtocol, attributes));
            return PublishResponse.builder().messageId(messageId).build();
        });
    }

    /**
     * The attributes SNS answers with, the counts as decimal strings
     * (https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html).
     */
    @Override
    public GetTopicAttributesResponse getTopicAttributes(GetTopicAttributesRequest request) {
        return read("GetTopicAttributes", () -> {
            SimTopic topic = topic(request.topicArn(), "GetTopicAttributes");
            return GetTopicAttributesResponse.builder().attributes(Map.of("TopicArn", topic.arn(), "Owner", callerAccountId,
                    "SubscriptionsConfirmed", String.valueOf(topic.confirmedSubscriptions()),
                    "SubscriptionsPending", String.valueOf(topic.pendingSubscriptions()), "SubscriptionsDeleted", "0")).build();
        });
    }

    /** SNS's rules for MessageStructure json (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
    private Map<String, String> byProtocol(String message) {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (java.io.IOException e) {
            throw invalid("Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        if (json == null || !json.isObject() || !json.path("default").isTextual()) {
            throw invalid("Invalid parameter: Message Structure - No default entry in JSON message body");
        }
        Map<String, String> byProtocol = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> {
            if (PROTOCOLS.contains(e.getKey())) {
                if (!e.getValue().isTextual()) {
                    throw invalid("Invalid parameter: Message Structure - the value of " + e.getKey() + " must be a string");
                }
                byProtocol.put(e.getKey(), e.getValue().asText());
            }
        });
        return byProtocol;
    }

    /** String and Number attributes (the ones the auditor sends), each with a non-empty value; a Number must be one. */
    private Map<String, SimTopic.Attribute> attributes(Map<String, MessageAttributeValue> given) {
        Map<String, SimTopic.Attribute> attributes = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            String type = value.dataType();
            String text = value.stringValue();
            boolean valid = text != null && !text.isEmpty() && (type.equals("String")
                    || type.equals("Number") && text.matches("-?\\d+(\\.\\d+)?"));
            if (!valid) {
                throw AwsErrors.<InvalidParameterValueException>build(InvalidParameterValueException.builder(), service,
                        "ParameterValueInvalid", 400, "The message attribute '" + name + "' has an invalid value for its type " + type);
            }
            attributes.put(name, new SimTopic.Attribute(type, text));
        });
        return attributes;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private SimTopic topic(String topicArn, String action) {
        Arn arn = Arn.parse(topicArn).filter(a -> a.service().equals("sns"))
                .orElseThrow(() -> invalid("Invalid parameter: TopicArn"));
        if (!arn.accountId().equals(callerAccountId)) {
            // The fleet does not evaluate topic policies: other accounts' topics are closed.
            throw AwsErrors.<AuthorizationErrorException>build(AuthorizationErrorException.builder(), service,
                    "AuthorizationError", 403, "User: " + Caller.of(callerAccountId).arn()
                            + " is not authorized to perform: SNS:" + action + " on resource: " + topicArn);
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
