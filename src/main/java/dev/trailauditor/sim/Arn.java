package dev.trailauditor.sim;

import java.util.Optional;

/** The parts of an ARN the simulator needs: arn:partition:service:region:account:resource. */
record Arn(String service, String region, String accountId, String resource) {

    static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length < 6) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[2], parts[3], parts[4], parts[5]));
    }

    /** The part of the resource after its type, e.g. "name" in "trail/name" or "role/path/name". */
    String resourceName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}
