package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of the SNS email: sent (with its message id), failed (why), not configured, or not sent because the
 * publish setting says this run need not be (why).
 *
 * @param skipped why a finished run was not published (PUBLISH_WHEN); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Publication(State state, String topicArn, String subject, String messageId, String error, String skipped) {

    public enum State { SENT, FAILED, DISABLED, SKIPPED, PENDING }

    public static final Publication PENDING = new Publication(State.PENDING, null, null, null, null);

    public Publication(State state, String topicArn, String subject, String messageId, String error) {
        this(state, topicArn, subject, messageId, error, null);
    }

    public boolean failed() {
        return state == State.FAILED;
    }
}
