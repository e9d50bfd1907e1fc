package dev.trailauditor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.PublishWhen;
import dev.trailauditor.config.Repairs;
import dev.trailauditor.policy.Arn;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Sends the report through SNS (text to email subscribers, a JSON summary to the others, see {@link SnsMessage}), or the
 * message that a run failed without one. A failure to send is returned, never thrown: the report still counts, and a
 * failed run still ends as planned. {@link PublishWhen} may leave a finished run unpublished; a failed run never is.
 */
public final class ReportPublisher {
    /** The publish's own limit, retries included: far below the time the handler keeps back for reporting. */
    public static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(20);
    /** What sending needs of the function's role, on the report topic. */
    public static final String PERMISSION = "sns:Publish";

    private final Optional<SnsClient> sns;
    private final Optional<Arn> topicArn;
    private final EmailRenderer renderer;
    private final PublishWhen when;
    private final Optional<Repairs> repairs;

    public ReportPublisher(Optional<SnsClient> sns, Optional<Arn> topicArn, EmailRenderer renderer) {
        this(sns, topicArn, renderer, PublishWhen.ALWAYS, Optional.empty());
    }

    private ReportPublisher(Optional<SnsClient> sns, Optional<Arn> topicArn, EmailRenderer renderer, PublishWhen when,
                            Optional<Repairs> repairs) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.renderer = renderer;
        this.when = when;
        this.repairs = repairs;
    }

    /** Publishes to the topic (if any) with a client in the topic's own region: for a run that failed before its configuration was read. */
    public static ReportPublisher toTopic(Optional<Arn> topicArn, AwsClients clients) {
        return new ReportPublisher(topicArn.map(arn -> clients.sns(arn.region())), topicArn, new EmailRenderer());
    }

    /** Publishes to the configured topic, when the configured setting says so. */
    public static ReportPublisher of(AuditConfig config, AwsClients clients) {
        Optional<Arn> topic = config.reportTopicArn();
        return new ReportPublisher(topic.map(arn -> clients.sns(arn.region())), topic, new EmailRenderer(),
                config.publishWhen(), Optional.of(config.repairs()));
    }

    public Publication publish(Report report) {
        String subject = renderer.subject(report);
        Optional<String> skip = skipBecause(report);
        if (skip.isPresent()) {
            return new Publication(Publication.State.SKIPPED, topicArn.map(Arn::toString).orElse(null), subject, null, null,
                    skip.get());
        }
        ObjectNode summary = SnsMessage.summary(report, repairs.orElseGet(() -> Repairs.REPORT_ONLY));
        return send(subject, budget -> SnsMessage.of(renderer.withBudget(budget).safeBody(report), summary));
    }

    public Publication publish(RunFailure failure) {
        ObjectNode summary = SnsMessage.summary(failure, repairs);
        return send(renderer.subject(failure), budget -> SnsMessage.of(renderer.withBudget(budget).body(failure), summary));
    }

    /**
     * Why this finished run need not be published, or empty. A run that failed its job, or has warnings, always is; so is
     * one that lists failed calls. An event-driven run is published only when something changed (whatever
     * PUBLISH_WHEN says, which is the schedule's): anyone whose call reaches the event path decides when it runs, and
     * must not decide who gets mail.
     */
    Optional<String> skipBecause(Report report) {
        if (report.runFailed() || !report.warnings().isEmpty() || report.failedCalls() != null) {
            return Optional.empty();
        }
        if (report.trigger() != null) {
            return changed(report) ? Optional.empty()
                    : Optional.of("an event-driven re-check that changed nothing: no check is new, repaired or resolved");
        }
        String setting = "PUBLISH_WHEN=" + when.id();
        return switch (when) {
            case ALWAYS -> Optional.empty();
            case ON_FINDINGS -> report.hasFindings() ? Optional.empty()
                    : Optional.of(setting + ": no check failed, was unreachable or was repaired");
            case ON_CHANGE -> report.changes() == null || report.changes().any() ? Optional.empty()
                    : Optional.of(setting + ": nothing changed since run " + report.changes().since().runId());
        };
    }

    /**
     * Something changed: compared with the previous run, anything new, repaired or resolved; with no previous run to
     * compare with (no history kept), any finding at all.
     */
    private static boolean changed(Report report) {
        return report.changes() == null ? report.hasFindings() : report.changes().any();
    }

    /**
     * Renders the message with the email's budget, then smaller ones until message and attributes fit SNS's limit
     * (JSON escaping of the text and the summary add to the email's own bytes).
     */
    private Publication send(String subject, IntFunction<SnsMessage> render) {
        if (sns.isEmpty() || topicArn.isEmpty()) {
            return new Publication(Publication.State.DISABLED, null, subject, null, null);
        }
        String topic = topicArn.get().toString();
        try {
            int budget = EmailRenderer.DEFAULT_BUDGET_BYTES;
            SnsMessage message = render.apply(budget);
            while (!message.fits() && budget > 10_000) {
                budget -= message.bytes() - SnsMessage.LIMIT_BYTES + 4_096;
                message = render.apply(Math.max(budget, 10_000));
            }
            String messageId = sns.get().publish(PublishRequest.builder().topicArn(topic).subject(subject)
                            .messageStructure("json").message(message.message()).messageAttributes(message.attributes())
                            .overrideConfiguration(o -> o.apiCallTimeout(PUBLISH_TIMEOUT)).build())
                    .messageId();
            return new Publication(Publication.State.SENT, topic, subject, messageId, null);
        } catch (RuntimeException e) {
            return new Publication(Publication.State.FAILED, topic, subject, null, Failures.describe(e));
        }
    }
}
