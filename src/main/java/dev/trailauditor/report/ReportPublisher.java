package dev.trailauditor.report;

import dev.trailauditor.observe.Failures;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;

/** Sends the report email through SNS. A failure is returned, never thrown: the report still counts. */
public final class ReportPublisher {
    /** The publish's own limit, retries included: far below the time the handler keeps back for reporting. */
    public static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(20);

    private final Optional<SnsClient> sns;
    private final Optional<String> topicArn;
    private final EmailRenderer renderer;

    public ReportPublisher(Optional<SnsClient> sns, Optional<String> topicArn, EmailRenderer renderer) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.renderer = renderer;
    }

    public Publication publish(Report report) {
        String subject = renderer.subject(report);
        if (sns.isEmpty() || topicArn.isEmpty()) {
            return new Publication(Publication.State.DISABLED, null, subject, null, null);
        }
        String topic = topicArn.get();
        try {
            String messageId = sns.get().publish(r -> r.topicArn(topic).subject(subject).message(renderer.safeBody(report))
                            .overrideConfiguration(o -> o.apiCallTimeout(PUBLISH_TIMEOUT)))
                    .messageId();
            return new Publication(Publication.State.SENT, topic, subject, messageId, null);
        } catch (RuntimeException e) {
            return new Publication(Publication.State.FAILED, topic, subject, null, Failures.describe(e));
        }
    }
}
