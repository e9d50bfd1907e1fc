package dev.trailauditor.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SNS topic that keeps what was published to it, and how many of its subscriptions are confirmed or still wait for
 * their confirmation (a new topic has none).
 */
public final class SimTopic {
    /**
     * One published message as SNS accepted it.
     *
     * @param body what an email subscriber receives
     * @param byProtocol with MessageStructure json, the message per protocol key ("default", "email", ...); empty otherwise
     * @param attributes each message attribute as its data type and value ("Number", "2")
     */
    public record Message(String messageId, String subject, String body, Instant publishedAt, Map<String, String> byProtocol,
                          Map<String, Attribute> attributes) {
        public Message {
            byProtocol = Map.copyOf(byProtocol);
            attributes = Map.copyOf(attributes);
        }

        /** What a subscriber of this protocol ("sqs", "lambda", "https", "email") receives: its key, else "default". */
        public String deliveredTo(String protocol) {
            return byProtocol.isEmpty() ? body : byProtocol.getOrDefault(protocol, byProtocol.get("default"));
        }
    }

    public record Attribute(String dataType, String value) {}

    private final String arn;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private volatile int confirmed;
    private volatile int pending;

    SimTopic(String region, String accountId, String name) {
        this.arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    }

    public String arn() {
        return arn;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The topic's subscriptions: confirmed, and pending their confirmation. */
    public SimTopic subscriptions(int confirmed, int pending) {
        this.confirmed = confirmed;
        this.pending = pending;
        return this;
    }

    int confirmedSubscriptions() {
        return confirmed;
    }

    int pendingSubscriptions() {
        return pending;
    }

    void add(Message message) {
        messages.add(message);
    }
}
