package dev.trailauditor.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * An audit account and its members, seeded on the emulator as a person would set them up by hand (the README's
 * deployment steps), with the SDK alone: nothing here comes from the product. Then what the artifacts did is read
 * back from the same place: policies, trails, and the SNS messages the report topic delivered to a queue.
 */
final class Fleet {
    static final String REGION = "eu-west-1";
    static final String AUDIT = "111111111111";
    static final String BUCKET = "central-trail-logs";
    static final String ACCESS_LOGS = "central-trail-logs-access";
    static final String PREFIX = "org";
    static final String TRAIL = "org-trail";
    static final String ROLE = "TrailAuditorMemberRole";
    static final String REGISTRY_PARAMETER = "/trail-auditor/members";
    static final String BUS = "trail-auditor-trail-events";

    /** A member as registered; createTrail lets the auditor create its trail when it has none. */
    record Member(String account, String name, boolean createTrail) {
        String trailArn() {
            return "arn:aws:cloudtrail:" + REGION + ":" + account + ":trail/" + TRAIL;
        }
    }

    /**
     * One report publish: the subject and summary a subscribed queue received (SNS's envelope), and the email text and
     * message attributes as the topic took them (moto keeps each publish: SNS delivers neither to a queue when the
     * message structure is json).
     */
    record Published(String subject, JsonNode summary, String email, Map<String, String> attributes) {}

    final Moto moto;
    final List<Member> members = new ArrayList<>();
    String keyArn;
    String topicArn;
    String queueUrl;

    Fleet(Moto moto) {
        this.moto = moto;
    }

    String busArn() {
        return "arn:aws:events:" + REGION + ":" + AUDIT + ":event-bus/" + BUS;
    }

    /**
     * The audit account's side: the central bucket hardened (Block Public Access, versioning, access logging, SSE-KMS
     * by default, ACLs disabled), the central key with rotation, the event bus, and the report topic with a queue
     * subscribed to it (raw delivery off: each message arrives in SNS's JSON envelope, subject and attributes kept).
     */
    Fleet central() {
        try (KmsClient kms = moto.client(KmsClient.builder(), AUDIT); S3Client s3 = moto.client(S3Client.builder(), AUDIT);
             SnsClient sns = moto.client(SnsClient.builder(), AUDIT); SqsClient sqs = moto.client(SqsClient.builder(), AUDIT);
             EventBridgeClient events = moto.client(EventBridgeClient.builder(), AUDIT)) {
            keyArn = kms.createKey(r -> r.description("central CloudTrail key")).keyMetadata().arn();
            kms.enableKeyRotation(r -> r.keyId(keyArn));
            for (String bucket : List.of(BUCKET, ACCESS_LOGS)) {
                s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            }
            s3.putPublicAccessBlock(r -> r.bucket(BUCKET).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            // The log target lets S3's logging service write, as S3's docs have it; only then does S3 accept the setting.
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
            s3.putBucketPolicy(r -> r.bucket(ACCESS_LOGS).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"Service\":\"logging.s3.amazonaws.com\"},\"Action\":\"s3:PutObject\","
                    + "\"Resource\":\"arn:aws:s3:::" + ACCESS_LOGS + "/" + BUCKET + "/*\",\"Condition\":{\"StringEquals\":"
                    + "{\"aws:SourceAccount\":\"" + AUDIT + "\"}}}]}"));
            s3.putBucketLogging(r -> r.bucket(BUCKET).bucketLoggingStatus(l -> l.loggingEnabled(e -> e.targetBucket(ACCESS_LOGS)
                    .targetPrefix(BUCKET + "/"))));
            s3.putBucketEncryption(r -> r.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(keyArn)))));
            s3.putBucketOwnershipControls(r -> r.bucket(BUCKET).ownershipControls(o -> o.rules(rule ->
                    rule.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
            events.createEventBus(r -> r.name(BUS));
            topicArn = sns.createTopic(r -> r.name("trail-audit")).topicArn();
            queueUrl = sqs.createQueue(r -> r.queueName("trail-audit-mail")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        }
        return this;
    }

    /** A member account: the role the auditor assumes, and a trail as the README's member setup leaves it. */
    Fleet member(String account, String name) {
        return member(account, name, false);
    }

    Fleet member(String account, String name, boolean createTrail) {
        Member member = new Member(account, name, createTrail);
        members.add(member);
        try (IamClient iam = moto.client(IamClient.builder(), account)) {
            iam.createRole(r -> r.roleName(ROLE).assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                            + AUDIT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
        }
        return this;
    }

    /** The member's trail, healthy: multi-region, validated, the central bucket, prefix and key, all management events. */
    Fleet trail(String account) {
        return trail(account, t -> {}, true, true);
    }

    /**
     * The member's trail with {@code drift} applied to the healthy one, its management-event selector or none, and
     * started or not.
     */
    Fleet trail(String account, Consumer<CreateTrailRequest.Builder> drift, boolean managementEvents, boolean logging) {
        try (CloudTrailClient cloudTrail = cloudTrail(account)) {
            cloudTrail.createTrail(r -> drift.accept(r.name(TRAIL).s3BucketName(BUCKET).s3KeyPrefix(PREFIX).kmsKeyId(keyArn)
                    .isMultiRegionTrail(true).includeGlobalServiceEvents(true).enableLogFileValidation(true)));
            if (managementEvents) {
                // CloudTrail gives a new trail this selector itself; the emulator gives none (a gap the docs list).
                cloudTrail.putEventSelectors(r -> r.trailName(TRAIL).eventSelectors(s -> s.readWriteType(ReadWriteType.ALL)
                        .includeManagementEvents(true)));
            }
            if (logging) {
                cloudTrail.startLogging(r -> r.name(TRAIL));
            }
        }
        return this;
    }

    CloudTrailClient cloudTrail(String account) {
        return moto.client(CloudTrailClient.builder(), account);
    }

    /** Every member with a healthy trail. */
    Fleet trails() {
        members.forEach(m -> trail(m.account()));
        return this;
    }

    /** A log and a digest file of every member, delivered five minutes ago. */
    Fleet deliveredRecently() {
        Instant at = Instant.now().minusSeconds(300);
        members.forEach(m -> delivered(m.account(), at));
        return this;
    }

    /**
     * The central bucket, key and bus policies as a person writes them from CloudTrail's and EventBridge's docs: one
     * statement per member pinned to its trail, the account administering its key.
     * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
     * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
     */
    Fleet grants() {
        ArrayNode bucket = Moto.JSON.createArrayNode();
        bucket.add(statement("AWSCloudTrailAclCheck", "s3:GetBucketAcl", "arn:aws:s3:::" + BUCKET,
                Map.of("StringEquals", Map.of("aws:SourceArn", members.stream().map(Member::trailArn).toList()))));
        ArrayNode key = Moto.JSON.createArrayNode();
        key.add(Moto.JSON.valueToTree(Map.of("Sid", "Enable IAM User Permissions", "Effect", "Allow",
                "Principal", Map.of("AWS", "arn:aws:iam::" + AUDIT + ":root"), "Action", "kms:*", "Resource", "*")));
        key.add(statement("AWSCloudTrailDescribeKey", "kms:DescribeKey", "*",
                Map.of("StringEquals", Map.of("aws:SourceArn", members.stream().map(Member::trailArn).toList()))));
        for (Member m : members) {
            bucket.add(statement("AWSCloudTrailWrite" + m.account(), "s3:PutObject",
                    "arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/AWSLogs/" + m.account() + "/*",
                    Map.of("StringEquals", Map.of("s3:x-amz-acl", "bucket-owner-full-control", "aws:SourceArn", m.trailArn()))));
            key.add(statement("AWSCloudTrailEncrypt" + m.account(), "kms:GenerateDataKey*", "*", Map.of(
                    "StringEquals", Map.of("aws:SourceArn", m.trailArn()),
                    "StringLike", Map.of("kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:" + m.account() + ":trail/*"))));
        }
        // No TLS-only Deny: moto applies a Deny for Principal "*" to every object request whatever its condition says
        // (its bucket policy evaluation of GET, PUT and HEAD on objects), so the statement would refuse all of them.
        try (S3Client s3 = moto.client(S3Client.builder(), AUDIT); KmsClient kms = moto.client(KmsClient.builder(), AUDIT);
             EventBridgeClient events = moto.client(EventBridgeClient.builder(), AUDIT)) {
            s3.putBucketPolicy(r -> r.bucket(BUCKET).policy(policy(bucket)));
            kms.putKeyPolicy(r -> r.keyId(keyArn).policyName("default").policy(policy(key)));
            // What the README's member setup runs: one PutPermission per member account.
            members.forEach(m -> events.putPermission(r -> r.eventBusName(BUS).action("events:PutEvents")
                    .principal(m.account()).statementId("member-" + m.account())));
        }
        return this;
    }

    private static JsonNode statement(String sid, String action, String resource, Map<String, ?> condition) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Principal", Map.of("Service", "cloudtrail.amazonaws.com"));
        s.put("Action", action);
        s.put("Resource", resource);
        s.put("Condition", condition);
        return Moto.JSON.valueToTree(s);
    }

    private static String policy(ArrayNode statements) {
        ObjectNode policy = Moto.JSON.createObjectNode().put("Version", "2012-10-17");
        policy.set("Statement", statements);
        return policy.toString();
    }

    /** The registry, in the SSM parameter the template's MemberRegistryParameter names. */
    Fleet registry() {
        ArrayNode entries = Moto.JSON.createArrayNode();
        members.forEach(m -> {
            ObjectNode entry = entries.addObject().put("accountId", m.account()).put("name", m.name());
            if (m.createTrail()) {
                entry.put("createTrail", true);
            }
        });
        try (SsmClient ssm = moto.client(SsmClient.builder(), AUDIT)) {
            ssm.putParameter(r -> r.name(REGISTRY_PARAMETER).type(ParameterType.STRING).value(entries.toString()).overwrite(true));
        }
        return this;
    }

    /**
     * A log file and a digest file of the member's trail, put where CloudTrail puts them, SSE-KMS with the central
     * key, as CloudTrail writes them.
     * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
     * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
     */
    Fleet delivered(String account, Instant at) {
        return delivered(account, at, true, true);
    }

    /** The log file (and the digest file, if {@code digest}), SSE-KMS with the central key or else SSE-S3. */
    Fleet delivered(String account, Instant at, boolean digest, boolean centralKey) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
        DateTimeFormatter digestStamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        String folder = PREFIX + "/AWSLogs/" + account + "/";
        List<String> files = new ArrayList<>(List.of(folder + "CloudTrail/" + REGION + "/" + day.format(at) + "/" + account
                + "_CloudTrail_" + REGION + "_" + stamp.format(at) + "_Ab12Cd34Ef56Gh78.json.gz"));
        if (digest) {
            files.add(folder + "CloudTrail-Digest/" + REGION + "/" + day.format(at) + "/" + account + "_CloudTrail-Digest_"
                    + REGION + "_" + TRAIL + "_" + REGION + "_" + digestStamp.format(at) + ".json.gz");
        }
        try (S3Client s3 = moto.client(S3Client.builder(), AUDIT)) {
            for (String objectKey : files) {
                s3.putObject(r -> {
                    r.bucket(BUCKET).key(objectKey);
                    if (centralKey) {
                        r.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(keyArn);
                    } else {
                        r.serverSideEncryption(ServerSideEncryption.AES256);
                    }
                }, RequestBody.fromBytes(gzip("{\"Records\":[]}")));
            }
        }
        return this;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
            zip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The function's settings: events/env.json (the values sam local invoke takes) with what this fleet made in place
     * of its examples, the registry read from SSM, and no failed-calls queue (the emulator's EventBridge delivers
     * nothing to it).
     */
    Map<String, String> settings(Map<String, String> overrides) {
        JsonNode file;
        try {
            file = Moto.JSON.readTree(Files.readString(Path.of("events/env.json"))).path("AuditFunction");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = file.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            settings.put(e.getKey(), e.getValue().asText());
        }
        settings.remove("AWS_ENDPOINT_URL");
        settings.put("CENTRAL_KEY_ARN", keyArn);
        settings.put("REPORT_TOPIC_ARN", topicArn);
        settings.put("MEMBER_REGISTRY", "");
        settings.put("MEMBER_REGISTRY_PARAMETER", REGISTRY_PARAMETER);
        settings.put("TRAIL_EVENT_BUS_ARN", busArn());
        settings.put("FAILED_CALLS_QUEUE_URL", "");
        settings.putAll(overrides);
        return settings;
    }

    /** The messages the report topic delivered to its queue since the last call, oldest first. */
    List<Published> published() {
        Map<String, JsonNode> publishes = new HashMap<>();
        moto.state().path("sns").path("Topic").forEach(topic -> topic.path("sent_notifications")
                .forEach(n -> publishes.put(n.get(0).asText(), n)));
        List<Published> messages = new ArrayList<>();
        try (SqsClient sqs = moto.client(SqsClient.builder(), AUDIT)) {
            List<Message> batch;
            do {
                batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                for (Message m : batch) {
                    JsonNode envelope = Moto.tree(m.body());
                    // [message id, message, subject, attributes, group id]
                    JsonNode publish = publishes.get(envelope.path("MessageId").asText());
                    Map<String, String> attributes = new HashMap<>();
                    publish.get(3).fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().path("Value").asText(
                            a.getValue().path("StringValue").asText())));
                    messages.add(new Published(envelope.path("Subject").asText(), Moto.tree(envelope.path("Message").asText()),
                            Moto.tree(publish.get(1).asText()).path("email").asText(), attributes));
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            } while (!batch.isEmpty());
        }
        return messages;
    }
}
