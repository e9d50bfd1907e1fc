package dev.trailauditor.sim;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SNS topic that keeps what was published to it. */
public final class SimTopic {
    /** One published message as SNS accepted it. */
    public record Message(String messageId, String subject, String body, Instant publishedAt) {
    }

    private final String arn;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    SimTopic(String region, String accountId, String name) {
        this.arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    }

    public String arn() {
        return arn;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    void add(Message message) {
        messages.add(message);
    }
}
