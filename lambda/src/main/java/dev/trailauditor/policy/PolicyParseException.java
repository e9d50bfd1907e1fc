package dev.trailauditor.policy;

/** A policy document that cannot be read as an IAM policy; the message says why, for a person. */
public class PolicyParseException extends IllegalArgumentException {
    public PolicyParseException(String message) {
        super(message);
    }

    public PolicyParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
