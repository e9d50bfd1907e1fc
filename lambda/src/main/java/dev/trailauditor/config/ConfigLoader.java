package dev.trailauditor.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates the configuration from environment variables. Every problem is collected
 * and reported at once, each naming its variable. Nothing calls AWS until all the settings are
 * valid; the only AWS call here is reading the registry from SSM when it lives there. Each ARN is
 * parsed here, once, and passed on typed.
 */
public final class ConfigLoader {
    public static final String CENTRAL_BUCKET = "CENTRAL_BUCKET";
    public static final String LOG_PREFIX = "LOG_PREFIX";
    public static final String CENTRAL_KEY_ARN = "CENTRAL_KEY_ARN";
    public static final String AUDIT_ACCOUNT_ID = "AUDIT_ACCOUNT_ID";
    public static final String DEFAULT_TRAIL_NAME = "DEFAULT_TRAIL_NAME";
    /** The audit account's own trail: the only one there the function's role may touch (template AuditAccountTrailName). */
    public static final String AUDIT_ACCOUNT_TRAIL_NAME = "AUDIT_ACCOUNT_TRAIL_NAME";
    public static final String DEFAULT_HOME_REGION = "DEFAULT_HOME_REGION";
    public static final String MEMBER_ROLE_NAME = "MEMBER_ROLE_NAME";
    public static final String MEMBER_ROLE_NAME_PATTERN = "MEMBER_ROLE_NAME_PATTERN";
    public static final String MEMBER_EXTERNAL_ID = "MEMBER_EXTERNAL_ID";
    public static final String REPORT_TOPIC_ARN = "REPORT_TOPIC_ARN";
    public static final String DELIVERY_MAX_AGE_HOURS = "DELIVERY_MAX_AGE_HOURS";
    public static final String PARALLELISM = "PARALLELISM";
    public static final String MEMBER_REGISTRY = "MEMBER_REGISTRY";
    public static final String MEMBER_REGISTRY_PARAMETER = "MEMBER_REGISTRY_PARAMETER";
    public static final String CENTRAL_POLICY_MODE = "CENTRAL_POLICY_MODE";
    public static final String REMOVE_STALE_GRANTS = "REMOVE_STALE_GRANTS";
    public static final String TRAIL_MODE = "TRAIL_MODE";
    public static final String CREATE_MISSING_TRAILS = "CREATE_MISSING_TRAILS";
    public static final String TIGHTEN_FOREIGN_GRANTS = "TIGHTEN_FOREIGN_GRANTS";
    public static final String TIGHTEN_ALLOWED_ACCOUNTS = "TIGHTEN_ALLOWED_ACCOUNTS";
    public static final String ASSUME_ROLE_RATE = "ASSUME_ROLE_RATE";
    public static final String HISTORY_BUCKET = "HISTORY_BUCKET";
    public static final String HISTORY_PREFIX = "HISTORY_PREFIX";
    /** 'true' when the history bucket holds the run history alone (the stack sets it for the bucket it creates). */
    public static final String HISTORY_BUCKET_DEDICATED = "HISTORY_BUCKET_DEDICATED";
    public static final String PUBLISH_WHEN = "PUBLISH_WHEN";
    public static final String TRAIL_EVENT_BUS_ARN = "TRAIL_EVENT_BUS_ARN";
    public static final String LOG_RETENTION_DAYS = "LOG_RETENTION_DAYS";
    public static final String RECHECK_INTERVAL_SECONDS = "RECHECK_INTERVAL_SECONDS";
    public static final String FAILED_CALLS_QUEUE_URL = "FAILED_CALLS_QUEUE_URL";
    /** Read by the SDK clients ({@code aws/SdkClients}); checked here with the rest, before any client exists. */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    /** Every variable the auditor reads; the template declares each of them. */
    public static final List<String> VARIABLES = List.of(CENTRAL_BUCKET, LOG_PREFIX, CENTRAL_KEY_ARN, AUDIT_ACCOUNT_ID,
            DEFAULT_TRAIL_NAME, AUDIT_ACCOUNT_TRAIL_NAME, DEFAULT_HOME_REGION, MEMBER_ROLE_NAME, MEMBER_ROLE_NAME_PATTERN, MEMBER_EXTERNAL_ID, REPORT_TOPIC_ARN,
            DELIVERY_MAX_AGE_HOURS, PARALLELISM, MEMBER_REGISTRY, MEMBER_REGISTRY_PARAMETER, CENTRAL_POLICY_MODE,
            REMOVE_STALE_GRANTS, TRAIL_MODE, CREATE_MISSING_TRAILS, TIGHTEN_FOREIGN_GRANTS, TIGHTEN_ALLOWED_ACCOUNTS, ASSUME_ROLE_RATE,
            HISTORY_BUCKET, HISTORY_PREFIX, HISTORY_BUCKET_DEDICATED, PUBLISH_WHEN, TRAIL_EVENT_BUS_ARN, AWS_ENDPOINT_URL,
            LOG_RETENTION_DAYS, RECHECK_INTERVAL_SECONDS, FAILED_CALLS_QUEUE_URL);

    static final String DEFAULT_ROLE_NAME = "TrailAuditorMemberRole";
    static final int DEFAULT_MAX_AGE_HOURS = 24;
    static final int DEFAULT_PARALLELISM = 8;

    /** Reads an SSM parameter: its value, or empty when no such parameter exists. */
    @FunctionalInterface
    public interface ParameterReader {
        Optional<String> read(String name);
    }

    private final Function<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Function<String, String> env) {
        this.env = name -> {
            String value = env.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
    }

    public static AuditConfig load(Map<String, String> environment, ParameterReader parameters) {
        return load(environment, Optional.empty(), parameters);
    }

    /**
     * @param registry MEMBER_REGISTRY already parsed (a settings file that writes the registry as a list): it takes
     *                 the place of the variable's JSON text, and its problems are named as the variable's
     */
    public static AuditConfig load(Map<String, String> environment, Optional<JsonNode> registry, ParameterReader parameters) {
        return new ConfigLoader(environment::get).load(registry, parameters);
    }

    /**
     * The report topic alone, validated as {@link #load} validates it: for telling someone that the configuration
     * is invalid, when the topic itself is not what is wrong. Empty when unset or invalid.
     */
    public static Optional<Arn> reportTopic(Map<String, String> environment) {
        ConfigLoader loader = new ConfigLoader(environment::get);
        Optional<Arn> topic = loader.topicArn();
        return loader.problems.isEmpty() ? topic : Optional.empty();
    }

    private AuditConfig load(Optional<JsonNode> registry, ParameterReader parameters) {
        String bucket = required(CENTRAL_BUCKET, Rules.BUCKET, "a valid S3 bucket name (3-63 lowercase letters, digits, '.', '-')");
        LogPrefix prefix = prefix();
        String audit = required(AUDIT_ACCOUNT_ID, Rules.ACCOUNT_ID, "12 digits");
        Arn keyArn = keyArn(audit);
        String trailName = trailName();
        String auditTrailName = auditTrailName(trailName);
        String homeRegion = region(DEFAULT_HOME_REGION, env.apply(DEFAULT_HOME_REGION), true);
        String roleName = optional(MEMBER_ROLE_NAME, Rules.ROLE_NAME, "a valid IAM role name").orElse(DEFAULT_ROLE_NAME);
        Optional<String> assumable = assumableRoleNames(roleName);
        Optional<String> externalId = externalId();
        Optional<Arn> topic = topicArn();
        int maxAgeHours = integer(DELIVERY_MAX_AGE_HOURS, DEFAULT_MAX_AGE_HOURS, 1, 8760);
        int parallelism = integer(PARALLELISM, DEFAULT_PARALLELISM, 1, 64);
        int assumeRoleRate = integer(ASSUME_ROLE_RATE, AuditConfig.DEFAULT_ASSUME_ROLE_RATE, 1, 500);
        // Up to 100 years, as the template's parameter.
        int logRetentionDays = integer(LOG_RETENTION_DAYS, AuditConfig.DEFAULT_LOG_RETENTION_DAYS, 1, 36500);
        // Unset means report only: a write needs someone to have asked for it.
        Repairs repairs = new Repairs(mode(CENTRAL_POLICY_MODE), mode(TRAIL_MODE), flag(REMOVE_STALE_GRANTS),
                flag(CREATE_MISSING_TRAILS), flag(TIGHTEN_FOREIGN_GRANTS), accountList(TIGHTEN_ALLOWED_ACCOUNTS));
        Optional<HistoryLocation> history = history(bucket);
        PublishWhen publishWhen = publishWhen();
        if (publishWhen == PublishWhen.ON_CHANGE && history.isEmpty() && env.apply(HISTORY_BUCKET) == null) {
            problems.add(PUBLISH_WHEN + "='on-change' needs " + HISTORY_BUCKET + ": without the previous run's report"
                    + " nothing tells what changed");
        }
        Optional<Arn> eventBus = eventBusArn(audit, keyArn);
        EventPath eventPath = eventPath(audit);
        RegistrySource source = registrySource(registry);
        optional(AWS_ENDPOINT_URL, Rules.ENDPOINT_URL, "an http:// or https:// URL like http://localhost:4566 (empty: AWS's own endpoints)");
        failIfAnyProblem();

        var defaults = new RegistryParser.Defaults(keyArn.partition(), trailName, homeRegion, roleName, audit, auditTrailName,
                assumable);
        JsonNode registryTree = source.read(parameters, problems);
        failIfAnyProblem();
        List<Member> members = RegistryParser.parse(registryTree, source.variable(), defaults, problems);
        failIfAnyProblem();
        return new AuditConfig(bucket, prefix, keyArn, audit, trailName, homeRegion, roleName, externalId, topic,
                Duration.ofHours(maxAgeHours), parallelism, members, repairs, assumeRoleRate, history, publishWhen, eventBus,
                logRetentionDays, eventPath);
    }

    /**
     * The interval: at least a minute (a flood of changes must not become a flood of runs), at most ten (the run waits
     * for it inside one invocation, within Lambda's 15 minutes). The queue: the audit account's own.
     */
    private EventPath eventPath(String auditAccount) {
        int seconds = integer(RECHECK_INTERVAL_SECONDS, (int) EventPath.DEFAULT_RECHECK_INTERVAL.toSeconds(), 60, 600);
        Optional<EventPath.FailedCallsQueue> queue = optional(FAILED_CALLS_QUEUE_URL, Rules.QUEUE_URL,
                "an SQS queue URL like https://sqs.eu-west-1.amazonaws.com/111111111111/trail-auditor-failed-calls")
                .map(Rules.QUEUE_URL::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> new EventPath.FailedCallsQueue(m.group(), m.group(1), m.group(2)));
        queue.filter(q -> auditAccount != null && !q.accountId().equals(auditAccount)).ifPresent(q ->
                problem(FAILED_CALLS_QUEUE_URL, q.url(), "belongs to account " + q.accountId() + ", not the audit account " + auditAccount));
        queue.ifPresent(q -> region(FAILED_CALLS_QUEUE_URL, q.region(), false));
        return new EventPath(Duration.ofSeconds(seconds), queue);
    }

    /**
     * Unset: no history (a terminal run); the template always names a bucket, created or given. The function may read
     * and write everything under the prefix, so the prefix must be a folder of its own in a bucket that is not the
     * central one: in the central bucket it could overwrite log files, and in a bucket named without a prefix it
     * could overwrite whatever else the bucket holds. Only the bucket the stack creates, which holds nothing else,
     * goes without one.
     */
    private Optional<HistoryLocation> history(String centralBucket) {
        Optional<String> bucket = optional(HISTORY_BUCKET, Rules.BUCKET, "a valid S3 bucket name (3-63 lowercase letters, digits, '.', '-')");
        boolean dedicated = flag(HISTORY_BUCKET_DEDICATED);
        String prefix = env.apply(HISTORY_PREFIX);
        bucket.filter(b -> b.equals(centralBucket)).ifPresent(b -> problem(HISTORY_BUCKET, b, "is the central bucket ("
                + CENTRAL_BUCKET + "): the function could overwrite the log files in it; name a bucket of its own, or leave"
                + " the stack's HistoryBucket empty and it creates one"));
        if (prefix != null) {
            if (bucket.isEmpty()) {
                problems.add(HISTORY_PREFIX + "='" + prefix + "' is set but " + HISTORY_BUCKET + " is not: name the bucket too");
            } else {
                keyPrefix(HISTORY_PREFIX, prefix, "the auditor adds the separator itself");
            }
        } else if (bucket.isPresent() && !dedicated) {
            problems.add(HISTORY_PREFIX + " is not set, so the function would read and write the whole of " + HISTORY_BUCKET
                    + "='" + bucket.get() + "': set it (the stack's HistoryPrefix) to a folder of the history's own, like"
                    + " trail-auditor (only the bucket the stack creates goes without one: " + HISTORY_BUCKET_DEDICATED + "=true)");
        }
        return bucket.filter(b -> Rules.BUCKET.matcher(b).matches())
                .map(b -> new HistoryLocation(b, prefix == null ? "" : prefix + "/"));
    }

    /** Unset: always, as before there was a choice; a run that failed is published whatever this says. */
    private PublishWhen publishWhen() {
        return choice(PUBLISH_WHEN, PublishWhen.ALWAYS, PublishWhen::parse, "'always', 'on-findings' or 'on-change'");
    }

    private LogPrefix prefix() {
        String value = env.apply(LOG_PREFIX);
        if (value == null) {
            return LogPrefix.NONE;
        }
        if (value.contains("AWSLogs")) {
            problem(LOG_PREFIX, value, "must not contain 'AWSLogs' (CloudTrail appends AWSLogs/<account>/ itself)");
        } else {
            keyPrefix(LOG_PREFIX, value, "CloudTrail adds the separator itself");
        }
        return LogPrefix.of(value);
    }

    /**
     * An S3 key prefix the template also writes into IAM resource ARNs (the function's s3:GetObject and s3:PutObject
     * grants), where '*' and '?' are wildcards: a prefix holding one would grant keys outside the folder
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
     */
    private void keyPrefix(String variable, String value, String separator) {
        if (value.startsWith("/") || value.endsWith("/")) {
            problem(variable, value, "must not start or end with '/' (" + separator + ")");
        } else if (value.contains("*") || value.contains("?")) {
            problem(variable, value, "must not contain '*' or '?': in the IAM grants made from it they are wildcards"
                    + " that reach keys outside the folder; name the folder literally");
        } else if (!Rules.PREFIX.matcher(value).matches()) {
            problem(variable, value, "must be at most 200 of the characters S3 keys allow safely");
        }
    }

    /** Never echoed: the ExternalId is the one secret a member role's trust policy asks for. */
    private Optional<String> externalId() {
        Optional<String> value = Optional.ofNullable(env.apply(MEMBER_EXTERNAL_ID));
        value.filter(v -> !Rules.EXTERNAL_ID.matcher(v).matches()).ifPresent(v -> problems.add(MEMBER_EXTERNAL_ID
                + " (not shown: it is a secret) must be 2 to 1224 of the characters IAM allows in an ExternalId:"
                + " letters, digits and +=,.@:/_-"));
        return value;
    }

    private Arn keyArn(String auditAccount) {
        String value = env.apply(CENTRAL_KEY_ARN);
        if (value == null) {
            missing(CENTRAL_KEY_ARN);
            return null;
        }
        if (!Rules.KEY_ARN.matcher(value).matches()) {
            String hint = value.contains(":alias/") ? "a key ARN, not an alias (trails report the key's full ARN)"
                    : "a KMS key ARN like arn:aws:kms:eu-west-1:111111111111:key/<key-id>";
            problem(CENTRAL_KEY_ARN, value, "must be " + hint);
            return null;
        }
        Arn arn = Arn.of(value);
        region(CENTRAL_KEY_ARN, arn.region(), false);
        if (auditAccount != null && !arn.accountId().equals(auditAccount)) {
            problem(CENTRAL_KEY_ARN, value, "belongs to account " + arn.accountId() + ", not the audit account " + auditAccount);
        }
        return arn;
    }

    private String trailName() {
        String value = env.apply(DEFAULT_TRAIL_NAME);
        return value == null ? missing(DEFAULT_TRAIL_NAME) : validTrailName(DEFAULT_TRAIL_NAME, value);
    }

    /** Unset or empty (the template's default): the audit account's trail has the default name. */
    private String auditTrailName(String defaultTrailName) {
        String value = env.apply(AUDIT_ACCOUNT_TRAIL_NAME);
        return value == null ? defaultTrailName : validTrailName(AUDIT_ACCOUNT_TRAIL_NAME, value);
    }

    private String validTrailName(String variable, String value) {
        if (!Rules.isTrailName(value)) {
            problem(variable, value, "must be a valid trail name (3-128 letters, digits, '.', '_', '-')");
        }
        return value;
    }

    /**
     * The role names the function's role may assume (the template sets the sts:AssumeRole resource
     * and this variable from the same parameters); unset, as from a workstation, means any. The
     * default role name must be among them, or no member could be reached. The registry, which the
     * audited write, may name any role the pattern matches, so a pattern must be narrow ({@link Rules#isNarrowRoleNamePattern}).
     */
    private Optional<String> assumableRoleNames(String roleName) {
        Optional<String> pattern = optional(MEMBER_ROLE_NAME_PATTERN, Rules.ROLE_NAME_PATTERN,
                "an IAM role name that may hold the wildcards * and ?");
        Optional<String> wellFormed = pattern.filter(p -> Rules.ROLE_NAME_PATTERN.matcher(p).matches());
        wellFormed.filter(p -> !Rules.isNarrowRoleNamePattern(p)).ifPresent(p -> problem(MEMBER_ROLE_NAME_PATTERN, p,
                "is too wide: the registry could then name any role it matches, an administrator role say. Use a role name,"
                + " or a pattern whose first " + Rules.ROLE_PATTERN_LITERAL_PREFIX + " or more characters hold no wildcard,"
                + " like TrailAuditor*"));
        wellFormed.filter(p -> !Rules.roleNameMatches(p, roleName))
                .ifPresent(p -> problem(MEMBER_ROLE_NAME, roleName, "is not matched by " + MEMBER_ROLE_NAME_PATTERN
                        + " '" + p + "', so the function may not assume it"));
        return pattern;
    }

    /**
     * Unset: no event path, so no bus policy to keep. The function reads and writes the bus with its own clients, which
     * point at the central region: the bus must be the audit account's, there.
     */
    private Optional<Arn> eventBusArn(String auditAccount, Arn keyArn) {
        Optional<Arn> bus = optional(TRAIL_EVENT_BUS_ARN, Rules.EVENT_BUS_ARN,
                "an event bus ARN like arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events")
                .filter(value -> Rules.EVENT_BUS_ARN.matcher(value).matches())
                .map(Arn::of);
        bus.filter(arn -> auditAccount != null && !arn.accountId().equals(auditAccount)).ifPresent(arn ->
                problem(TRAIL_EVENT_BUS_ARN, arn.toString(), "belongs to account " + arn.accountId() + ", not the audit account " + auditAccount));
        bus.filter(arn -> keyArn != null && !arn.region().equals(keyArn.region())).ifPresent(arn ->
                problem(TRAIL_EVENT_BUS_ARN, arn.toString(), "is in " + arn.region() + ", not the central region " + keyArn.region()
                        + " (the region of " + CENTRAL_KEY_ARN + ", where the auditor's stack and its bus are)"));
        return bus;
    }

    private Optional<Arn> topicArn() {
        Optional<Arn> topic = optional(REPORT_TOPIC_ARN, Rules.TOPIC_ARN, "an SNS topic ARN like arn:aws:sns:eu-west-1:111111111111:trail-audit")
                .filter(value -> Rules.TOPIC_ARN.matcher(value).matches())
                .map(Arn::of);
        topic.ifPresent(arn -> region(REPORT_TOPIC_ARN, arn.region(), false));
        return topic;
    }

    private String region(String variable, String value, boolean required) {
        if (value == null) {
            return required ? missing(variable) : null;
        }
        if (!Rules.isRegion(value)) {
            problem(variable, value, "names an unknown region '" + value + "'");
        }
        return value;
    }

    private RegistrySource registrySource(Optional<JsonNode> tree) {
        if (tree.isPresent()) {
            if (env.apply(MEMBER_REGISTRY_PARAMETER) != null) {
                problems.add(MEMBER_REGISTRY + " and " + MEMBER_REGISTRY_PARAMETER + " are both set: set exactly one");
            }
            return RegistrySource.tree(tree.get());
        }
        String inline = env.apply(MEMBER_REGISTRY);
        String parameter = env.apply(MEMBER_REGISTRY_PARAMETER);
        if (inline != null && parameter != null) {
            problems.add(MEMBER_REGISTRY + " and " + MEMBER_REGISTRY_PARAMETER + " are both set: set exactly one");
        } else if (inline == null && parameter == null) {
            problems.add(MEMBER_REGISTRY + " or " + MEMBER_REGISTRY_PARAMETER + " must be set: the member registry is empty");
        } else if (parameter != null && !Rules.SSM_PARAMETER.matcher(parameter).matches()) {
            problem(MEMBER_REGISTRY_PARAMETER, parameter, "must be an SSM parameter name like /trail-auditor/members");
        }
        return inline != null ? RegistrySource.inline(inline) : RegistrySource.parameter(parameter);
    }

    private String required(String variable, Pattern rule, String expected) {
        String value = env.apply(variable);
        if (value == null) {
            return missing(variable);
        }
        return check(variable, value, rule, expected) ? value : null;
    }

    private Optional<String> optional(String variable, Pattern rule, String expected) {
        Optional<String> value = Optional.ofNullable(env.apply(variable));
        value.ifPresent(v -> check(variable, v, rule, expected));
        return value;
    }

    private int integer(String variable, int fallback, int min, int max) {
        String value = env.apply(variable);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the range
        }
        problem(variable, value, "must be a whole number from " + min + " to " + max);
        return fallback;
    }

    private Mode mode(String variable) {
        return choice(variable, Mode.AUDIT, Mode::parse, "'audit' (report only) or 'repair'");
    }

    /** One of a setting's named values, or the fallback when unset (or, after naming the problem, when it names none). */
    private <T> T choice(String variable, T fallback, Function<String, Optional<T>> parse, String expected) {
        String value = env.apply(variable);
        if (value == null) {
            return fallback;
        }
        return parse.apply(value).orElseGet(() -> {
            problem(variable, value, "must be " + expected);
            return fallback;
        });
    }

    /** A comma-separated list of 12-digit account ids (blanks around commas allowed); unset: none. */
    private List<String> accountList(String variable) {
        String value = env.apply(variable);
        if (value == null) {
            return List.of();
        }
        List<String> accounts = java.util.Arrays.stream(value.split(",", -1)).map(String::trim).toList();
        List<String> invalid = accounts.stream().filter(a -> !Rules.ACCOUNT_ID.matcher(a).matches()).toList();
        if (!invalid.isEmpty()) {
            problem(variable, value, "must be a comma-separated list of 12-digit account ids; not one: '"
                    + String.join("', '", invalid) + "'");
            return List.of();
        }
        return accounts.stream().distinct().sorted().toList();
    }

    private boolean flag(String variable) {
        String value = env.apply(variable);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (!value.equalsIgnoreCase("true")) {
            problem(variable, value, "must be 'true' or 'false'");
        }
        return value.equalsIgnoreCase("true");
    }

    private boolean check(String variable, String value, Pattern rule, String expected) {
        boolean valid = rule.matcher(value).matches();
        if (!valid) {
            problem(variable, value, "must be " + expected);
        }
        return valid;
    }

    private String missing(String variable) {
        problems.add(variable + " is not set");
        return null;
    }

    private void problem(String variable, String value, String what) {
        problems.add(variable + "='" + value + "' " + what);
    }

    private void failIfAnyProblem() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Where the registry comes from: the variable's JSON text, the same variable already parsed (a settings file),
     * or an SSM parameter it names. Text is parsed once, here; the parser reads the tree.
     */
    private record RegistrySource(String variable, JsonNode tree, String inline, String parameter) {
        static RegistrySource tree(JsonNode registry) {
            return new RegistrySource(MEMBER_REGISTRY, registry, null, null);
        }

        static RegistrySource inline(String json) {
            return new RegistrySource(MEMBER_REGISTRY, null, json, null);
        }

        static RegistrySource parameter(String name) {
            return new RegistrySource(MEMBER_REGISTRY_PARAMETER + " (" + name + ")", null, null, name);
        }

        /** The registry as a tree, or null after adding the problem (no such parameter, not JSON). */
        JsonNode read(ParameterReader parameters, List<String> problems) {
            if (tree != null) {
                return tree;
            }
            if (inline != null) {
                return RegistryParser.tree(inline, variable, problems);
            }
            Optional<String> value = parameters.read(parameter);
            if (value.isEmpty()) {
                problems.add(MEMBER_REGISTRY_PARAMETER + "='" + parameter + "' names an SSM parameter that does not exist");
            }
            return value.map(json -> RegistryParser.tree(json, variable, problems)).orElse(null);
        }
    }
}
