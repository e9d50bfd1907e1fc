package dev.trailauditor.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * An ARN taken apart: {@code arn:partition:service:region:account:resource}. The configuration's ARNs are
 * parsed once, when it is validated, and passed on as values. Values that come from AWS or from a policy
 * (a trail's ARN in a response, a condition value) are read with {@link #parse}, which never throws: a
 * malformed one is a finding to report, not a crash.
 */
public record Arn(String partition, String service, String region, String accountId, String resource) {
    private static final String TRAIL = "trail/";

    public Arn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(resource, "resource");
    }

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

    /** An ARN known to be well formed (a constant, a fixture): one that is not is a programming error. */
    public static Arn of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an ARN: '" + text + "'"));
    }

    /** arn:partition:cloudtrail:region:account:trail/name */
    public static Arn trail(String partition, String region, String accountId, String name) {
        return new Arn(partition, "cloudtrail", region, accountId, TRAIL + name);
    }

    /** arn:partition:s3:::bucket (bucket ARNs name neither region nor account). */
    public static Arn bucket(String partition, String bucket) {
        return new Arn(partition, "s3", "", "", bucket);
    }

    /** arn:partition:iam::account:role/name */
    public static Arn role(String partition, String accountId, String name) {
        return new Arn(partition, "iam", "", accountId, "role/" + name);
    }

    /** A CloudTrail trail's ARN: service cloudtrail, resource trail/name. */
    public boolean isTrail() {
        return service.equals("cloudtrail") && resource.startsWith(TRAIL);
    }

    /** A trail's name: the resource after "trail/". */
    public String trailName() {
        if (!isTrail()) {
            throw new IllegalStateException("not a trail ARN: " + this);
        }
        return resource.substring(TRAIL.length());
    }

    /** The part of the resource after its type, e.g. "name" in "trail/name" or "role/path/name". */
    public String resourceName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** The same ARN in another account. */
    public Arn inAccount(String otherAccountId) {
        return new Arn(partition, service, region, otherAccountId, resource);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
