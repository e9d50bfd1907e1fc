package dev.trailauditor.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * SQS for one caller in one region: ReceiveMessage (at most 10 a call, as SQS allows), DeleteMessageBatch (at most 10
 * entries) and GetQueueAttributes (ApproximateNumberOfMessages), on the caller's own queues, named by URL. Not
 * "mutating": reading the failed calls changes nothing the auditor audits or repairs.
 */
final class SimSqsClient extends SimClient implements SqsClient {
    /** SQS: "MaxNumberOfMessages ... Valid values: 1 to 10." */
    static final int MAX_BATCH = 10;

    SimSqsClient(Fleet fleet, String callerAccountId, String region) {
        super(fleet, SimService.SQS, callerAccountId, region);
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        return read("ReceiveMessage", () -> {
            int max = request.maxNumberOfMessages() == null ? 1 : request.maxNumberOfMessages();
            if (max < 1 || max > MAX_BATCH) {
                throw error("InvalidParameterValue", 400, "Value " + max + " for parameter MaxNumberOfMessages is invalid.");
            }
            Duration visibility = Duration.ofSeconds(request.visibilityTimeout() == null ? 30 : request.visibilityTimeout());
            List<Message> messages = queue(request.queueUrl()).receive(max, visibility).stream()
                    .map(m -> Message.builder().messageId(m.messageId()).body(m.body()).receiptHandle(m.receiptHandle()).build())
                    .toList();
            return ReceiveMessageResponse.builder().messages(messages).build();
        });
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
        return read("DeleteMessageBatch", () -> {
            if (request.entries().isEmpty() || request.entries().size() > MAX_BATCH) {
                throw error("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, "1 to 10 entries");
            }
            SimQueue queue = queue(request.queueUrl());
            List<DeleteMessageBatchResultEntry> deleted = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (DeleteMessageBatchRequestEntry entry : request.entries()) {
                if (queue.delete(entry.receiptHandle())) {
                    deleted.add(DeleteMessageBatchResultEntry.builder().id(entry.id()).build());
                } else {
                    failed.add(BatchResultErrorEntry.builder().id(entry.id()).code("ReceiptHandleIsInvalid").senderFault(true).build());
                }
            }
            return DeleteMessageBatchResponse.builder().successful(deleted).failed(failed).build();
        });
    }

    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
        return read("GetQueueAttributes", () -> GetQueueAttributesResponse.builder()
                .attributes(Map.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        String.valueOf(queue(request.queueUrl()).visible())))
                .build());
    }

    /** The caller's queue at this URL, in this region; another account's is refused. */
    private SimQueue queue(String url) {
        String[] parts = url == null ? new String[0] : url.split("/");
        if (parts.length != 5 || !parts[2].equals("sqs." + region + ".amazonaws.com")) {
            throw notFound(url);
        }
        if (!parts[3].equals(callerAccountId)) {
            throw service.accessDenied("Access to the resource " + url + " is denied.");
        }
        return fleet.findAccount(callerAccountId).flatMap(a -> a.findQueue(region, parts[4])).orElseThrow(() -> notFound(url));
    }

    private RuntimeException notFound(String url) {
        return AwsErrors.<QueueDoesNotExistException>build(QueueDoesNotExistException.builder(), service,
                "AWS.SimpleQueueService.NonExistentQueue", 400, "The specified queue does not exist: " + url);
    }
}
