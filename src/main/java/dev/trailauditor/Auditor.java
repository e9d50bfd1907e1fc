package dev.trailauditor;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.check.CentralChecks;
import dev.trailauditor.check.TrailChecks;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.observe.Observer;
import dev.trailauditor.report.AccountReport;
import dev.trailauditor.report.CentralReport;
import dev.trailauditor.report.EmailRenderer;
import dev.trailauditor.report.Report;
import dev.trailauditor.report.ReportPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One audit run, top to bottom: observe (central policies, then members in parallel), check,
 * report. This auditor changes nothing: its mode is "audit".
 */
public final class Auditor {
    private final AuditConfig config;
    private final AwsClients clients;
    private final Clock clock;
    private final ReportPublisher publisher;

    public Auditor(AuditConfig config, AwsClients clients, Clock clock) {
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.publisher = new ReportPublisher(
                config.reportTopicArn().map(arn -> clients.sns(arn.split(":")[3])),
                config.reportTopicArn(), new EmailRenderer());
    }

    public Report run(Instant deadline) {
        Instant started = clock.instant();
        Observer observer = new Observer(clients, config, clock);

        CentralSnapshot central = observer.observeCentral();
        List<MemberSnapshot> members;
        try (MemberSessions sessions = clients.openMemberSessions(config)) {
            members = observer.observeMembers(config.members(), sessions, deadline);
        }

        Instant checkedAt = clock.instant();
        CentralReport centralReport = CentralReport.of(config.centralBucket(), config.keyArn(),
                new CentralChecks(config).evaluate(central));
        TrailChecks trailChecks = new TrailChecks(config);
        List<AccountReport> accounts = members.stream()
                .map(s -> AccountReport.of(s.member(), config.partition(), trailChecks.evaluate(s, checkedAt),
                        centralReport.about(s.member().accountId())))
                .toList();

        Report report = Report.of(UUID.randomUUID().toString(), "audit", started, clock.instant(), centralReport, accounts);
        return report.withPublication(publisher.publish(report));
    }
}
