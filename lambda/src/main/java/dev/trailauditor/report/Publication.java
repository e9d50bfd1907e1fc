package dev.trailauditor.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What became of the SNS email: sent (with its message id), failed (why), or not configured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Publication(State state, String topicArn, String subject, String messageId, String error) {

    public enum State { SENT, FAILED, DISABLED, PENDING }

    public static final Publication PENDING = new Publication(State.PENDING, null, null, null, null);

    public boolean failed() {
        return state == State.FAILED;
    }
}
