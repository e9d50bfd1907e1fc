package dev.trailauditor.report;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.policy.Arn;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Sends the report email through SNS, or the message that a run failed without one. A failure to
 * send is returned, never thrown: the report still counts, and a failed run still ends as planned.
 */
public final class ReportPublisher {
    /** The publish's own limit, retries included: far below the time the handler keeps back for reporting. */
    public static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(20);

    private final Optional<SnsClient> sns;
    private final Optional<Arn> topicArn;
    private final EmailRenderer renderer;

    public ReportPublisher(Optional<SnsClient> sns, Optional<Arn> topicArn, EmailRenderer renderer) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.renderer = renderer;
    }

    /** Publishes to the topic (if any) with a client in the topic's own region. */
    public static ReportPublisher toTopic(Optional<Arn> topicArn, AwsClients clients) {
        return new ReportPublisher(topicArn.map(arn -> clients.sns(arn.region())), topicArn, new EmailRenderer());
    }

    public Publication publish(Report report) {
        return send(renderer.subject(report), () -> renderer.safeBody(report));
    }

    public Publication publish(RunFailure failure) {
        return send(renderer.subject(failure), () -> renderer.body(failure));
    }

    private Publication send(String subject, Supplier<String> body) {
        if (sns.isEmpty() || topicArn.isEmpty()) {
            return new Publication(Publication.State.DISABLED, null, subject, null, null);
        }
        String topic = topicArn.get().toString();
        try {
            String messageId = sns.get().publish(r -> r.topicArn(topic).subject(subject).message(body.get())
                            .overrideConfiguration(o -> o.apiCallTimeout(PUBLISH_TIMEOUT)))
                    .messageId();
            return new Publication(Publication.State.SENT, topic, subject, messageId, null);
        } catch (RuntimeException e) {
            return new Publication(Publication.State.FAILED, topic, subject, null, Failures.describe(e));
        }
    }
}
