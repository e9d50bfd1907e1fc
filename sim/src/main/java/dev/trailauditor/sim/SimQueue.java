package dev.trailauditor.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A standard SQS queue: what is sent waits until received; a received message is hidden for the visibility timeout,
 * then visible again unless deleted with its receipt handle (the handle of its latest receipt).
 */
public final class SimQueue {
    private final String url;
    private final Clock clock;
    private final List<Message> messages = new ArrayList<>();
    private final AtomicInteger receipts = new AtomicInteger();

    private static final class Message {
        final String id = UUID.randomUUID().toString();
        final String body;
        Instant visibleFrom = Instant.MIN;
        String receiptHandle;

        Message(String body) {
            this.body = body;
        }
    }

    /** A message as ReceiveMessage hands it out. */
    public record Received(String messageId, String body, String receiptHandle) {}

    SimQueue(String accountId, String region, String name, Clock clock) {
        this.url = "https://sqs." + region + ".amazonaws.com/" + accountId + "/" + name;
        this.clock = clock;
    }

    public String url() {
        return url;
    }

    /** What a rule target (or anyone allowed) sends. */
    public synchronized SimQueue send(String body) {
        messages.add(new Message(body));
        return this;
    }

    /** Messages not deleted, visible or not. */
    public synchronized int size() {
        return messages.size();
    }

    synchronized int visible() {
        Instant now = clock.instant();
        return (int) messages.stream().filter(m -> !m.visibleFrom.isAfter(now)).count();
    }

    synchronized List<Received> receive(int max, Duration visibility) {
        Instant now = clock.instant();
        List<Received> received = new ArrayList<>();
        for (Message message : messages) {
            if (received.size() == max) {
                break;
            }
            if (!message.visibleFrom.isAfter(now)) {
                message.visibleFrom = now.plus(visibility);
                message.receiptHandle = message.id + "#" + receipts.incrementAndGet();
                received.add(new Received(message.id, message.body, message.receiptHandle));
            }
        }
        return received;
    }

    /** SQS deletes by the latest receipt's handle; an older one deletes nothing. */
    synchronized boolean delete(String receiptHandle) {
        Optional<Message> message = messages.stream().filter(m -> receiptHandle.equals(m.receiptHandle)).findFirst();
        message.ifPresent(messages::remove);
        return message.isPresent();
    }
}
