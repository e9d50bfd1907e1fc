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
        AuditConfig loaded = null;
        ConfigException error = null;
        try {
            loaded = ConfigLoader.load(environment,
                    name -> SsmParameters.reader(clients.ssm(SdkClients.functionRegion(environment))).read(name));
            built = new Auditor(loaded, clients, clock, new WritePacer(clock, sleeper));
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
            Optional<EventRecheck> recheck = CloudTrailEvents.read(event).map(calls -> EventRecheck.of(calls, config));
            if (recheck.isPresent() && recheck.get().nothingToCheck()) {
                return nothingToCheck(runId, recheck.get());
            }
            published = audit(event, recheck, context, runId);
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
     * @param recheck what the CloudTrail calls of an event-driven run ask to re-check (all of them in one run, each
     *                account once), or empty for the nightly run and a re-check by hand ({@link TargetedEvent})
     */
    private Report audit(Map<String, Object> event, Optional<EventRecheck> recheck, Context context, String runId) {
        List<Member> selected = recheck.map(EventRecheck::members).orElseGet(() -> TargetedEvent.accounts(event)
                .map(config::membersWithIds).orElse(config.members()));
        // Read before the audit, out of the run's own time; the deadline is taken after it.
        ReportHistory.Previous previous = history.previous();
        List<String> registry = config.members().stream().map(Member::accountId).toList();
        Report audited = auditor.audit(runId, deadline(context), selected);
        Report report = history.compare(recheck.map(r -> audited.triggeredBy(r.trigger())).orElse(audited), previous, registry);
        // Logged before it is kept or sent: a hung write or publish, or a timeout, can no longer lose the report.
        ReportLog.lines(report).forEach(log);
        return auditor.publish(history.keep(report, previous, registry));
    }

    /** CloudTrail calls that ask for no re-check (an unregistered account, the auditor's own repair): logged, no run. */
    private Map<String, Object> nothingToCheck(String runId, EventRecheck recheck) {
        Map<String, Object> result = Map.of("runId", runId, "rechecked", false, "ignored", recheck.trigger().ignored());
        log.accept(Json.write(result));
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
