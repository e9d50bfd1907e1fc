package dev.trailauditor.config;

import java.util.Optional;

/**
 * An ARN taken apart: {@code arn:partition:service:region:account:resource}. Values that come
 * from AWS (a trail's ARN in a response) are parsed with {@link #parse}, which never throws:
 * a malformed one is a finding to report, not a crash.
 */
public record Arn(String partition, String service, String region, String accountId, String resource) {

    public static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length < 6 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** The part of the resource after its type, e.g. "name" in "trail/name" or "role/path/name". */
    public String resourceName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
