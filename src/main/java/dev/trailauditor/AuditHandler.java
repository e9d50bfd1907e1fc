package dev.trailauditor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.SdkClients;
import dev.trailauditor.aws.SsmParameters;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.repair.WritePacer;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Report;
import dev.trailauditor.report.ReportLog;
import dev.trailauditor.report.ReportPublisher;
import dev.trailauditor.report.RunOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Lambda entry point, run by the EventBridge schedule. Config and clients are built once at
 * init; each invocation runs the audit, logs the JSON report and returns it. An event whose
 * {@code detail} lists {@code accounts} re-checks only those registered members.
 */
public final class AuditHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /**
     * Time kept back from Lambda's timeout to build, log, send and return the report. It covers a
     * repair still in flight at the deadline ({@link Auditor#IN_FLIGHT_GRACE}) plus the SNS publish's
     * own time limit ({@link ReportPublisher#PUBLISH_TIMEOUT}), with room to spare: a hung call
     * anywhere still leaves the report logged and returned.
     */
    static final Duration REPORT_RESERVE = Duration.ofSeconds(60);
    private static final Duration DEFAULT_BUDGET = Duration.ofMinutes(14);

    private final Clock clock;
    private final Consumer<String> log;
    private final Auditor auditor;
    private final AuditConfig config;
    private final ConfigException configError;
    private final String functionName;

    public AuditHandler() {
        this(System.getenv(), Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()), SdkClients::new,
                System.out::println);
    }

    /**
     * @param sleeper how the run waits between CloudTrail writes (a simulated fleet passes simulated time)
     * @param clientFactory builds the clients from the environment (the real SDK, or a simulated fleet)
     * @param log where the JSON report and configuration errors go (Lambda's log: standard output)
     */
    public AuditHandler(Map<String, String> environment, Clock clock, WritePacer.Sleeper sleeper,
                        Function<Map<String, String>, AwsClients> clientFactory, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
        this.functionName = environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "trail-auditor");
        AwsClients clients = clientFactory.apply(environment);
        Auditor built = null;
        AuditConfig loaded = null;
        ConfigException error = null;
        try {
            loaded = ConfigLoader.load(environment,
                    name -> SsmParameters.reader(clients.ssm(SdkClients.functionRegion(environment))).read(name));
            built = new Auditor(loaded, clients, clock, new WritePacer(clock, sleeper));
        } catch (ConfigException e) {
            // Kept, not thrown: every invocation then fails with the same clear message.
            error = e;
            log.accept(e.getMessage());
        }
        this.auditor = built;
        this.config = loaded;
        this.configError = error;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        if (configError != null) {
            throw configError;
        }
        Instant deadline = deadline(context);
        Optional<List<String>> accounts = TargetedEvent.accounts(event);
        Report report = accounts.isPresent()
                ? auditor.audit(deadline, config.membersWithIds(accounts.get()))
                : auditor.audit(deadline);
        // Logged before the email is tried: a hung publish or a timeout can no longer lose the report.
        ReportLog.lines(report).forEach(log);
        Report published = auditor.publish(report);
        log.accept(RunOutcome.line(published, functionName));
        return Json.toMap(published);
    }

    private Instant deadline(Context context) {
        Duration budget = context == null ? DEFAULT_BUDGET
                : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(REPORT_RESERVE);
        return clock.instant().plus(budget.isNegative() ? Duration.ZERO : budget);
    }
}
