package dev.trailauditor;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.aws.SsmParameters;
import dev.trailauditor.check.CentralChecks;
import dev.trailauditor.check.CentralDestination;
import dev.trailauditor.concurrent.Beside;
import dev.trailauditor.concurrent.BoundedPool;
import dev.trailauditor.check.CheckResult;
import dev.trailauditor.check.TrailControls;
import dev.trailauditor.check.Verification;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.config.Mode;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.observe.ObservationListener;
import dev.trailauditor.observe.Observer;
import dev.trailauditor.repair.CentralPlanner;
import dev.trailauditor.repair.CentralRepairer;
import dev.trailauditor.repair.PolicyChange;
import dev.trailauditor.repair.PolicyPlan;
import dev.trailauditor.repair.TighteningGuard;
import dev.trailauditor.repair.TrailPlan;
import dev.trailauditor.repair.TrailPlanner;
import dev.trailauditor.repair.TrailRepairer;
import dev.trailauditor.repair.TrailStep;
import dev.trailauditor.repair.WritePacer;
import dev.trailauditor.report.AccountReport;
import dev.trailauditor.report.CentralReport;
import dev.trailauditor.report.Report;
import dev.trailauditor.report.ReportHistory;
import dev.trailauditor.report.ReportPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One audit run, top to bottom: observe, check, plan, apply (in repair mode), verify, report.
 * Central policies are repaired first: CloudTrail checks them when a trail is created or updated.
 */
public final class Auditor {
    /**
     * How long after the deadline a member's repair that is already under way may still finish (its
     * last call, and the re-read that verifies it). The handler keeps more than this plus the publish
     * limit back from Lambda's timeout, so the report still goes out.
     */
    public static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(25);

    /**
     * The IAM actions of the run's own calls, which belong to no control: reading the registry, reaching the members,
     * keeping the run's history, reading the failed calls and sending the report (the controls declare the rest, {@code Check}).
     */
    public static final List<String> RUN_PERMISSIONS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(SsmParameters.PERMISSION, MemberSessions.PERMISSION, ReportPublisher.PERMISSION),
            java.util.stream.Stream.concat(ReportHistory.PERMISSIONS.stream(), FailedCallsInbox.PERMISSIONS.stream())).toList();

    private final AuditConfig config;
    private final AwsClients clients;
    private final Clock clock;
    private final WritePacer pacer;
    private final ReportPublisher publisher;
    private final ObservationListener progress;

    public Auditor(AuditConfig config, AwsClients clients, Clock clock, WritePacer pacer) {
        this(config, clients, clock, pacer, ObservationListener.NONE);
    }

    /** @param progress told as each member is observed (a terminal shows it; Lambda does not) */
    public Auditor(AuditConfig config, AwsClients clients, Clock clock, WritePacer pacer, ObservationListener progress) {
        this.config = config;
        this.progress = progress;
        this.clients = clients;
        this.clock = clock;
        this.pacer = pacer;
        this.publisher = ReportPublisher.of(config, clients);
    }

    /** Audits every registered member; the report is not yet published (see {@link #publish}). */
    public Report audit(Instant deadline) {
        return audit(deadline, config.members());
    }

    /**
     * Audits only the given members' trails (a targeted re-check). The central policies are still
     * checked against the whole registry: judged against a part, the others' grants would look stale.
     * The report is returned unpublished, so the caller can log it before anything else can hang.
     */
    public Report audit(Instant deadline, List<Member> selected) {
        return audit(UUID.randomUUID().toString(), deadline, selected);
    }

    /**
     * @param runId names the run in the report and its log lines; the handler chooses it, so that a run which
     *              breaks off is named by the same id in its failure message and its log
     */
    public Report audit(String runId, Instant deadline, List<Member> selected) {
        Instant started = clock.instant();
        Observer observer = new Observer(clients, config, clock);
        List<AccountReport> accounts;
        CentralReport central;
        try (MemberSessions sessions = clients.openMemberSessions(config)) {
            // The central stage reads and writes only the audit account's policies, and member observation only
            // reads: the two overlap. Member repairs wait for both, so central policies are still repaired first.
            Beside.Both<CentralStage, List<MemberSnapshot>> observed = Beside.run("trail-auditor-central",
                    () -> centralStage(observer, started, deadline),
                    () -> observer.observeMembers(selected, sessions, deadline, progress));
            central = observed.aside().report();
            List<MemberSnapshot> members = observed.here();
            CentralReport grants = central;
            Optional<String> unusable = CentralDestination.unusable(observed.aside().snapshot(), config.centralBucket());
            // Repairs may wait on CloudTrail's write rate, so members go in parallel too. No write starts after the
            // deadline; one in flight then gets IN_FLIGHT_GRACE to finish. Without repairs this stage makes no call.
            Instant until = config.repairs().trails() == Mode.REPAIR ? deadline.plus(IN_FLIGHT_GRACE) : Instant.MAX;
            accounts = BoundedPool.map(members, config.parallelism(), clock, until,
                    member -> memberTrail(observer, sessions, member, grants, unusable, deadline),
                    (member, reason) -> unfinished(member, grants, reason));
        }
        Instant finished = clock.instant();
        Report report = Report.of(runId, config.repairs().describe(), started, finished, central, accounts);
        // Every stage stops starting work at the deadline and the pools cancel what is unfinished then, so a run
        // that ends at or past it has left something undone: the report must say so, not pass for a full audit.
        return finished.isBefore(deadline) ? report : report.asCutShort();
    }

    /**
     * Sends the report (unless the publish setting says this run need not be sent); a failure is recorded in the report
     * ({@code runFailed}), never thrown.
     */
    public Report publish(Report report) {
        return report.withPublication(publisher.publish(report));
    }

    /** The central policies as observed, and what the stage made of them. */
    private record CentralStage(CentralSnapshot snapshot, CentralReport report) {}

    private CentralStage centralStage(Observer observer, Instant at, Instant deadline) {
        CentralSnapshot snapshot = observer.observeCentral();
        return new CentralStage(snapshot, centralPolicies(observer, snapshot, at, deadline));
    }

    /** Check, plan, apply, verify the bucket and key policies (and the event bus's, when there is one). */
    private CentralReport centralPolicies(Observer observer, CentralSnapshot snapshot, Instant at, Instant deadline) {
        CentralChecks checks = new CentralChecks(config, at);
        CentralChecks.Evaluation judged = checks.evaluate(snapshot);
        List<CheckResult> results = judged.results();
        List<PolicyPlan> plans = new CentralPlanner(config).plan(snapshot, judged);
        // Who else delivers is listed only when a change would remove a hand-written statement that may serve them.
        TighteningGuard guard = new TighteningGuard(config.centralTarget(at), config.deliveryMaxAge(),
                config.repairs().tightenAllowedAccounts(), config.grantees());
        if (plans.stream().anyMatch(guard::tightens)) {
            plans = guard.guard(plans, observer.unregisteredDeliveries());
        }
        List<PolicyChange> changes = config.repairs().central() == Mode.REPAIR
                ? new CentralRepairer(clients, config, clock).apply(plans, deadline)
                : plans.stream().map(CentralPlanner::describe).toList();
        if (changes.stream().anyMatch(PolicyChange::written)) {
            results = Verification.verified(results, checks.evaluate(observer.observeCentral()).results());
        }
        for (PolicyChange conflict : changes.stream().filter(c -> c.state() == PolicyChange.State.CONFLICT).toList()) {
            // A write that raced with someone else's is no repair, however the policy reads now.
            results = Verification.unconfirmed(results, conflict.checkPrefix(), "the " + conflict.policy()
                    + " passes now, but its write raced with another change (see the CONFLICT change):"
                    + " a person must confirm nothing of theirs was lost");
        }
        return CentralReport.of(config.centralBucket(), config.keyArn().toString(),
                config.eventBusArn().map(Object::toString).orElse(null), results, changes);
    }

    /** Check, plan, apply, verify one member's trail, after the central policies. */
    private AccountReport memberTrail(Observer observer, MemberSessions sessions, MemberSnapshot snapshot,
                                      CentralReport central, Optional<String> unusableDestination, Instant deadline) {
        TrailControls controls = new TrailControls(config.desiredTrail());
        TrailControls.Evaluation evaluation = controls.evaluate(snapshot, clock.instant());
        List<CheckResult> results = evaluation.results();
        TrailPlan plan = new TrailPlanner(config.repairs()).plan(snapshot, evaluation.fixes(), unusableDestination);
        List<TrailStep> steps = plan.steps();
        List<CheckResult> grants = central.about(snapshot.member().accountId());
        if (config.repairs().trails() == Mode.REPAIR && !steps.isEmpty()) {
            steps = new TrailRepairer(sessions, pacer, deadline).apply(snapshot.member(), steps, grants);
            if (steps.stream().anyMatch(s -> s.state() == TrailStep.State.DONE)) {
                MemberSnapshot after = observer.observe(snapshot.member(), sessions);
                results = Verification.verified(results, controls.evaluate(after, clock.instant()).results());
            }
        }
        return AccountReport.of(snapshot.member(), results, grants, steps, plan.note());
    }

    /** A member whose check or repair broke off: its checks as observed, and why nothing more is known. */
    private AccountReport unfinished(MemberSnapshot snapshot, CentralReport central, String reason) {
        List<CheckResult> results = new TrailControls(config.desiredTrail()).evaluate(snapshot, clock.instant()).results();
        return AccountReport.of(snapshot.member(), results, central.about(snapshot.member().accountId()),
                List.of(), "repair did not finish: " + reason);
    }
}
