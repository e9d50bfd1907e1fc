package dev.trailauditor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.aws.SsmParameters;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.Member;
import dev.trailauditor.repair.WritePacer;
import dev.trailauditor.report.FailedCalls;
import dev.trailauditor.report.FailureLog;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Publication;
import dev.trailauditor.report.Report;
import dev.trailauditor.report.ReportHistory;
import dev.trailauditor.report.ReportLog;
import dev.trailauditor.report.ReportPublisher;
import dev.trailauditor.report.RunFailure;
import dev.trailauditor.report.RunOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Lambda entry point, run by the EventBridge schedule. Config and clients are built once at
 * init; each invocation runs the audit, logs the JSON report and returns it. An event whose
 * {@code detail} lists {@code accounts} re-checks only those registered members; CloudTrail API calls
 * (one EventBridge event, or a batch from the event stream) re-check the members and central
 * policies they changed, in one run ({@link EventRecheck}).
 */
// The event as a map: Lambda's Java runtime reads any input type that is not one of aws-lambda-java-events' classes
// with its default (Jackson) serializer (https://docs.aws.amazon.com/lambda/latest/dg/java-custom-serialization.html),
// so the function needs neither that library nor the joda-time it pulls in for ScheduledEvent's time field.
public final class AuditHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /**
     * Time kept back from Lambda's timeout to build, log, keep, send and return the report. It covers a
     * repair still in flight at the deadline ({@link Auditor#IN_FLIGHT_GRACE}), the two writes that keep the
     * report ({@link ReportHistory#CALL_TIMEOUT} each) and the SNS publish's own time limit
     * ({@link ReportPublisher#PUBLISH_TIMEOUT}), with room to spare: a hung call anywhere still leaves the
     * report logged and returned.
     */
    public static final Duration REPORT_RESERVE = Duration.ofSeconds(75);
    private static final Duration DEFAULT_BUDGET = Duration.ofMinutes(14);
    /** What a wait for the re-check interval leaves the event-driven run at least, beside {@link #REPORT_RESERVE}. */
    static final Duration MIN_RUN_TIME = Duration.ofMinutes(2);

    private final Clock clock;
    private final Consumer<String> log;
    private final Auditor auditor;
    private final AuditConfig config;
    private final ConfigException configError;
    /** Where failure messages go: the configured topic, or when the configuration is invalid, its topic if that part is valid. */
    private final ReportPublisher failures;
    private final String functionName;
    /** Where each run's report is kept and the previous one read (nowhere when the configuration names no bucket). */
    private final ReportHistory history;
    /** Paces event-driven re-checks; it remembers this environment's runs, so it lives as long as the handler. */
    private final RecheckPacer pacer;
    /** The failed calls each run lists (and deletes once its report is out). */
    private final FailedCallsInbox inbox;

    public AuditHandler() {
        this(System.getenv(), Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()), SdkClients::new,
                System.out::println);
    }

    /**
     * @param sleeper how the run waits between CloudTrail writes (a simulated fleet passes simulated time)
     * @param clientFactory builds the clients from the environment (the real SDK, or a simulated fleet)
     * @param log where the JSON report, failures and the outcome line go (Lambda's log: standard output)
     */
    public AuditHandler(Map<String, String> environment, Clock clock, WritePacer.Sleeper sleeper,
                        Function<Map<String, String>, AwsClients> clientFactory, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
        this.functionName = environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "trail-auditor");
        AwsClients clients = clientFactory.apply(environment);
        Auditor built = null;
        ReportHistory keeper = null;
        RecheckPacer paced = null;
        FailedCallsInbox failedCalls = null;
        AuditConfig loaded = null;
        ConfigException error = null;
        try {
            loaded = ConfigLoader.load(environment,
                    name -> SsmParameters.reader(clients.ssm(SdkClients.functionRegion(environment))).read(name));
            built = new Auditor(loaded, clients, clock, new WritePacer(clock, sleeper));
            paced = new RecheckPacer(loaded.eventPath().recheckInterval(), clock, sleeper);
            failedCalls = new FailedCallsInbox(loaded, clients);
            // The template creates the history bucket in the function's own region.
            keeper = ReportHistory.at(loaded.history(), clients,
                    loaded.history().isPresent() ? SdkClients.functionRegion(environment) : loaded.centralRegion(),
                    loaded.bucketOwner());
        } catch (ConfigException e) {
            // Kept, not thrown: every invocation then reports the same clear message (see handleRequest).
            error = e;
            log.accept(e.getMessage());
        }
        this.auditor = built;
        this.config = loaded;
        this.history = keeper;
        this.pacer = paced;
        this.inbox = failedCalls;
        this.configError = error;
        // With the configuration invalid, the topic is still used when it is not what is wrong.
        this.failures = ReportPublisher.toTopic(loaded != null ? loaded.reportTopicArn() : ConfigLoader.reportTopic(environment),
                clients);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long started = System.nanoTime();
        String runId = UUID.randomUUID().toString();
        if (configError != null) {
            reportFailure(RunFailure.configuration(runId, configError.getMessage(), clock.instant()), started);
            // Still a failed invocation, so Lambda's own Errors metric and the on-failure destination see it too.
            // Lambda retries a failed asynchronous invocation (twice by default; the template sets
            // MaximumRetryAttempts to 0), but a retry of a configuration error only fails the same way:
            // nothing was audited or repaired, so there is nothing to run twice.
            throw configError;
        }
        Report published;
        try {
            Optional<CloudTrailEvents.Batch> batch = CloudTrailEvents.read(event);
            batch.ifPresent(b -> b.skipped().forEach(skipped -> log.accept(Json.write(Map.of("runId", runId, "skipped", skipped)))));
            Optional<EventRecheck> calls = batch.map(b -> EventRecheck.of(b, config));
            if (calls.isEmpty()) {
                published = audit(event, Optional.empty(), Optional.empty(), context, runId);
            } else {
                EventRecheck recheck = calls.get().without(pacer::covered, config);
                if (recheck.nothingToCheck()) {
                    return nothingToCheck(runId, recheck);
                }
                published = audit(event, Optional.of(recheck), Optional.of(paceFor(recheck, context)), context, runId);
            }
        } catch (RuntimeException e) {
            // The stack trace first: should the failure message hang, the log already says what broke.
            log.accept(FailureLog.line(runId, e));
            reportFailure(RunFailure.exception(runId, e, clock.instant()), started);
            // Rethrown, not returned: the invocation is then a function error, counted in Lambda's Errors metric
            // and sent to the asynchronous on-failure destination with the event. Lambda would retry it twice by
            // default (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html); the
            // template sets MaximumRetryAttempts to 0, and a retry would anyway be a fresh, idempotent audit.
            throw e;
        }
        log.accept(RunOutcome.line(published, functionName, since(started)));
        return Json.toMap(published);
    }

    /**
     * Waits, when a scope the calls name was re-checked less than an interval ago, until the interval has passed (calls
     * made meanwhile gather on the stream, and the next batch finds them covered). Leaves the run its minimum time.
     *
     * @return the previous report: read again after a wait, as a nightly run may have been kept meanwhile
     */
    private ReportHistory.Previous paceFor(EventRecheck recheck, Context context) {
        ReportHistory.Previous previous = history.previous();
        Instant due = pacer.due(recheck.accepted().stream().map(EventRecheck.Accepted::scope).distinct().toList(),
                previous.checkedAt());
        Duration most = context == null ? Duration.between(clock.instant(), due)
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(REPORT_RESERVE).minus(MIN_RUN_TIME);
        try {
            Duration waited = pacer.waitUntil(due, most);
            if (waited.isZero()) {
                return previous;
            }
            log.accept(Json.write(Map.of("waited", waited.toString(), "until", due.toString(), "why",
                    "what the calls name was re-checked less than " + ConfigLoader.RECHECK_INTERVAL_SECONDS + " ago")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the re-check interval", e);
        }
        return history.previous();
    }

    /**
     * @param recheck what the CloudTrail calls of an event-driven run ask to re-check (all of them in one run, each
     *                account once), or empty for the nightly run and a re-check by hand ({@link TargetedEvent})
     * @param read the previous report as already read, or empty to read it here
     */
    private Report audit(Map<String, Object> event, Optional<EventRecheck> recheck, Optional<ReportHistory.Previous> read,
                         Context context, String runId) {
        List<Member> selected = recheck.map(EventRecheck::members).orElseGet(() -> TargetedEvent.accounts(event)
                .map(config::membersWithIds).orElse(config.members()));
        // Read before the audit, out of the run's own time; the deadline is taken after it.
        ReportHistory.Previous previous = read.orElseGet(history::previous);
        FailedCallsInbox.Read failed = inbox.read(config);
        List<String> registry = config.members().stream().map(Member::accountId).toList();
        Report audited = auditor.audit(runId, deadline(context), selected);
        if (!audited.cutShort()) {
            pacer.ran(Stream.concat(selected.stream().map(Member::accountId), Stream.of(ReportHistory.CENTRAL_POLICIES))
                    .toList(), runId, audited.startedAt());
        }
        Report report = history.compare(recheck.map(r -> audited.triggeredBy(r.trigger())).orElse(audited), previous, registry)
                .withFailedCalls(FailedCalls.of(Stream.concat(recheck.map(EventRecheck::failed).orElse(List.of()).stream(),
                        failed.calls().stream()).toList(), failed.problem()));
        // Logged before it is kept or sent: a hung write or publish, or a timeout, can no longer lose the report.
        ReportLog.lines(report).forEach(log);
        Report published = auditor.publish(history.keep(report, previous, registry));
        // Listed, and logged at least: deleted, unless the email should have carried them and did not.
        if (!published.publication().failed()) {
            inbox.delete(failed).ifPresent(problem -> log.accept(Json.write(Map.of("runId", runId, "warning", problem))));
        }
        return published;
    }

    /**
     * CloudTrail calls that ask for no re-check (an unregistered account, a failed call, one a re-check covers): logged,
     * no run. The failed calls are counted in the FailedCalls metric.
     */
    private Map<String, Object> nothingToCheck(String runId, EventRecheck recheck) {
        Map<String, Object> result = Map.of("runId", runId, "rechecked", false, "ignored", recheck.ignored(),
                "failedCalls", recheck.failed().size());
        log.accept(Json.write(result));
        if (!recheck.failed().isEmpty()) {
            log.accept(RunOutcome.failedCallsLine(runId, recheck.failed().size(), functionName, clock.instant()));
        }
        return result;
    }

    /**
     * Tells a person the run failed (on the topic, when there is one to use) and logs the outcome line with
     * RunFailed=1. Never throws: it runs on the way out of a failure, which must still end as planned.
     */
    private void reportFailure(RunFailure failure, long started) {
        Publication publication;
        try {
            publication = failures.publish(failure);
        } catch (RuntimeException e) {
            publication = new Publication(Publication.State.FAILED, null, null, null, Failures.describe(e));
        }
        log.accept(RunOutcome.line(failure, publication, functionName, since(started)));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private Instant deadline(Context context) {
        Duration budget = context == null ? DEFAULT_BUDGET
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(REPORT_RESERVE);
        return clock.instant().plus(budget.isNegative() ? Duration.ZERO : budget);
    }
}
