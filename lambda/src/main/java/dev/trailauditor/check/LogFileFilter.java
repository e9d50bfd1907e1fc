package dev.trailauditor.check;

import java.util.Optional;

/**
 * Whether a lifecycle or replication rule's filter can select CloudTrail's log files, which CloudTrail writes under
 * {@code <prefix>/AWSLogs/<account>/CloudTrail[-Digest]/...}, untagged and of many sizes
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html). A rule
 * selects an object when its key starts with the rule's prefix (none, or an empty one, selects every key), it has
 * every tag the rule names, and its size is within the rule's bounds
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-filters.html).
 *
 * @param prefix      the rule's key prefix; null or empty: every key
 * @param tags        the rule names at least one tag
 * @param greaterThan ObjectSizeGreaterThan in bytes, or null
 * @param lessThan    ObjectSizeLessThan in bytes, or null
 */
record LogFileFilter(String prefix, boolean tags, Long greaterThan, Long lessThan) {

    /**
     * Why the rule cannot select a log file under {@code logRoot} ("org/AWSLogs/"); empty when it can. A prefix
     * selects log files when one of the two starts with the other: a shorter one holds the whole folder, a longer one
     * under it some members' or days' files.
     */
    Optional<String> whyNoLogFile(String logRoot) {
        String keys = prefix == null ? "" : prefix;
        if (!keys.startsWith(logRoot) && !logRoot.startsWith(keys)) {
            return Optional.of("its prefix '" + keys + "' is outside " + logRoot);
        }
        if (tags) {
            return Optional.of("it selects tagged objects only, and CloudTrail tags no log file");
        }
        if (greaterThan != null && lessThan != null && lessThan - greaterThan <= 1) {
            return Optional.of("its size range (over " + greaterThan + ", under " + lessThan + " bytes) holds no object");
        }
        return Optional.empty();
    }

    /** What the filter selects, for a person. */
    String describe() {
        String keys = prefix == null || prefix.isEmpty() ? "every key" : "keys under '" + prefix + "'";
        String sizes = (greaterThan == null ? "" : ", over " + greaterThan + " bytes") + (lessThan == null ? "" : ", under " + lessThan + " bytes");
        return keys + sizes;
    }
}
