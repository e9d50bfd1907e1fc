package dev.trailauditor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a targeted re-check from an EventBridge event: {@code "detail": {"accounts": ["222222222222"]}}.
 * The nightly schedule's event has an empty detail and audits everyone.
 */
final class TargetedEvent {
    static final String ACCOUNTS = "accounts";

    private TargetedEvent() {}

    /** The account ids to re-check, or empty for a full audit. */
    static Optional<List<String>> accounts(Map<String, Object> event) {
        if (event == null || !(event.get("detail") instanceof Map<?, ?> detail) || !detail.containsKey(ACCOUNTS)) {
            return Optional.empty();
        }
        Object value = detail.get(ACCOUNTS);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("event detail.accounts must be a list of account ids as strings, like"
                    + " [\"222222222222\"], not " + value);
        }
        return Optional.of(list.stream().map(String.class::cast).toList());
    }
}
