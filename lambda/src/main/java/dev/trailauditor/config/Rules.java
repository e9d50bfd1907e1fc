package dev.trailauditor.config;

import java.util.Set;
import dev.trailauditor.policy.Wildcards;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/** The shapes AWS accepts for the values the auditor is configured with. */
final class Rules {
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** CloudTrail: letters, digits, . _ -; starts and ends with a letter or digit; 3 to 128 long. */
    static final Pattern TRAIL_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]");
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** A role name with IAM's wildcards, as the function role's sts:AssumeRole resource holds it. */
    static final Pattern ROLE_NAME_PATTERN = Pattern.compile("[\\w+=,.@*?-]{1,64}");
    static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    /** No '*' or '?': the template writes the prefix into IAM resources, where they are wildcards. */
    static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.'()/-]{1,200}");
    /**
     * A MEMBER_ROLE_NAME_PATTERN's wildcards may start only after this many literal characters (TrailAuditor* has
     * 12): '*', '?*' or 'Admin*' would let the registry name roles that are not the auditor's.
     */
    static final int ROLE_PATTERN_LITERAL_PREFIX = 8;
    static final Pattern KEY_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\\d{12}):key/([A-Za-z0-9-]+)");
    static final Pattern TOPIC_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):sns:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,256})");
    /** A custom event bus: letters, digits, '.', '_', '-', up to 256 (the template names it <stack>-trail-events). */
    static final Pattern EVENT_BUS_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):events:([a-z0-9-]+):(\\d{12}):event-bus/([A-Za-z0-9._-]{1,256})");
    /** An SQS queue URL (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html). */
    static final Pattern QUEUE_URL = Pattern.compile("https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/(\\d{12})/[A-Za-z0-9_-]{1,80}");
    static final Pattern ENDPOINT_URL = Pattern.compile("https?://[^\\s/?#]+(/\\S*)?");
    static final Pattern SSM_PARAMETER = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,2047}");

    /** Regions the SDK knows; the "*-global" pseudo regions are not places a trail can live. */
    static final Set<String> REGIONS = Region.regions().stream()
            .map(Region::id)
            .filter(id -> !id.endsWith("-global"))
            .collect(Collectors.toUnmodifiableSet());

    private Rules() {}

    static boolean isRegion(String value) {
        return REGIONS.contains(value);
    }

    /** IAM matches a role ARN against the policy's resource case-sensitively, '*' and '?' as wildcards. */
    static boolean roleNameMatches(String pattern, String roleName) {
        return Wildcards.matches(pattern, roleName, false);
    }

    /** A role name, or a pattern with at least {@link #ROLE_PATTERN_LITERAL_PREFIX} characters before its first wildcard. */
    static boolean isNarrowRoleNamePattern(String pattern) {
        int wildcard = pattern.replace('?', '*').indexOf('*');
        return wildcard < 0 || wildcard >= ROLE_PATTERN_LITERAL_PREFIX;
    }

    /** CloudTrail also refuses names with adjacent separators and names shaped like IP addresses. */
    static boolean isTrailName(String value) {
        return TRAIL_NAME.matcher(value).matches()
                && !value.matches(".*[._-]{2}.*")
                && !value.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }
}
