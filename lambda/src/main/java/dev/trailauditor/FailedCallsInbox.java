package dev.trailauditor;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.EventPath;
import dev.trailauditor.report.FailedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The failed calls the template's failed-call rules put on their queue (a denied StopLogging, say): read by every run
 * for its report, and deleted once the report is out, so each is listed once. At most {@link #MOST} a run, read
 * within a bounded time: a flood of denied calls is counted and waits for the next run, never floods this one.
 * Never throws: a queue that cannot be read is the report's to say.
 */
public final class FailedCallsInbox {
    /** What reading needs of the function's role, on that queue alone. */
    public static final List<String> PERMISSIONS = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    /** Messages a run reads at most. */
    public static final int MOST = 500;
    /** SQS hands out at most 10 messages a call (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html). */
    static final int BATCH = 10;
    /**
     * How long a received message stays hidden from other runs: longer than the function's 15 minutes, so it comes back
     * (to be listed again) only when this run ended without deleting it.
     */
    static final Duration HIDDEN = Duration.ofMinutes(16);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<SqsClient> sqs;
    private final Optional<EventPath.FailedCallsQueue> queue;

    FailedCallsInbox(AuditConfig config, AwsClients clients) {
        this.queue = config.eventPath().failedCallsQueue();
        this.sqs = queue.map(q -> clients.sqs(q.region()));
    }

    /**
     * What a run read: the failed calls on what the auditor watches, the receipts to delete once reported, and what
     * kept the run from reading them all (or null).
     */
    record Read(List<FailedCall> calls, List<String> receipts, String problem) {
        static final Read NONE = new Read(List.of(), List.of(), null);
    }

    Read read(AuditConfig config) {
        if (queue.isEmpty()) {
            return Read.NONE;
        }
        String url = queue.get().url();
        Map<String, String> bodies = new LinkedHashMap<>();
        List<String> receipts = new ArrayList<>();
        try {
            List<Message> received;
            do {
                int max = Math.min(BATCH, MOST - receipts.size());
                received = sqs.orElseThrow().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(max)
                        .visibilityTimeout((int) HIDDEN.toSeconds()).waitTimeSeconds(0)
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))).messages();
                received.forEach(m -> {
                    bodies.put(m.messageId(), m.body());
                    receipts.add(m.receiptHandle());
                });
            } while (!received.isEmpty() && receipts.size() < MOST);
        } catch (RuntimeException e) {
            return new Read(failed(bodies, config), receipts, "the failed calls in " + url + " could not all be read ("
                    + Failures.describe(e) + "): the next run reads the rest");
        }
        return new Read(failed(bodies, config), receipts, receipts.size() < MOST ? null : stillWaiting(url));
    }

    /** Deletes what a run read and reported. Never throws: what is left comes back, and is listed again. */
    Optional<String> delete(Read read) {
        if (queue.isEmpty() || read.receipts().isEmpty()) {
            return Optional.empty();
        }
        try {
            for (int from = 0; from < read.receipts().size(); from += BATCH) {
                List<String> batch = read.receipts().subList(from, Math.min(from + BATCH, read.receipts().size()));
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i)).receiptHandle(batch.get(i)).build());
                }
                sqs.orElseThrow().deleteMessageBatch(r -> r.queueUrl(queue.get().url()).entries(entries)
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the failed calls listed could not be deleted from " + queue.get().url() + " ("
                    + Failures.describe(e) + "): the next report lists them again");
        }
    }

    /** Only failed calls on the registered trails and the central policies count; anything else is dropped with them. */
    private static List<FailedCall> failed(Map<String, String> bodies, AuditConfig config) {
        return EventRecheck.of(CloudTrailEvents.ofJson(bodies), config).failed();
    }

    private String stillWaiting(String url) {
        try {
            String left = sqs.orElseThrow().getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return "read the first " + MOST + " messages; about " + left + " more wait in " + url + " for the next run";
        } catch (RuntimeException e) {
            return "read the first " + MOST + " messages; more may wait in " + url + " for the next run";
        }
    }
}
