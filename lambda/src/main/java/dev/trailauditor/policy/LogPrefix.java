package dev.trailauditor.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The S3 key prefix CloudTrail writes under, before {@code AWSLogs/}: a value, or none. One type for the
 * configured and the observed prefix, with one rendering for a person and one for the API.
 */
public record LogPrefix(Optional<String> value) {
    public static final LogPrefix NONE = new LogPrefix(Optional.empty());
    /** What a person reads where a trail setting has no value: no prefix (or no bucket, or no key). */
    public static final String SHOWN_AS_NONE = "(none)";

    public LogPrefix {
        Objects.requireNonNull(value, "value");
        if (value.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("an empty prefix is no prefix: use LogPrefix.NONE");
        }
    }

    /** A configured prefix, already validated. */
    public static LogPrefix of(String prefix) {
        return new LogPrefix(Optional.of(prefix));
    }

    /** As CloudTrail reports a trail's prefix: absent, empty or blank all mean none. */
    public static LogPrefix reported(String s3KeyPrefix) {
        return s3KeyPrefix == null || s3KeyPrefix.isBlank() ? NONE : of(s3KeyPrefix);
    }

    /** For a person: the prefix, or "(none)". */
    public String shown() {
        return value.orElse(SHOWN_AS_NONE);
    }

    /**
     * S3KeyPrefix as CreateTrail and UpdateTrail both get it: the prefix, or "" for none. The parameter is
     * optional in both (at most 200 characters, no minimum), and an UpdateTrail parameter left out keeps the
     * trail's setting, so only "" takes an existing prefix away; CreateTrail gets the same value, so both calls
     * state the same destination
     * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html,
     * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).
     */
    public String apiValue() {
        return value.orElse("");
    }

    /** A key under the prefix: "prefix/key", or "key" with none. */
    public String keyOf(String key) {
        return value.map(prefix -> prefix + "/" + key).orElse(key);
    }
}
