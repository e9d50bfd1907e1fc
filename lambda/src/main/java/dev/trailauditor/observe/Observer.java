package dev.trailauditor.observe;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.Failures;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.concurrent.BoundedPool;
import dev.trailauditor.config.Member;
import java.time.Clock;
import java.time.Instant;
import dev.trailauditor.policy.Arn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.model.ListTrailsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailInfo;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

/**
 * Takes the read-only snapshots of a run: the central policies once, and every member in
 * parallel on a bounded pool. A member that fails becomes {@link MemberSnapshot.Unreachable}
 * with the reason; it never stops the others.
 */
public final class Observer {
    private final AwsClients clients;
    private final AuditConfig config;
    private final Clock clock;

    public Observer(AwsClients clients, AuditConfig config, Clock clock) {
        this.clients = clients;
        this.config = config;
        this.clock = clock;
    }

    public CentralSnapshot observeCentral() {
        CentralReader reader = new CentralReader(clients, config);
        Observation<Optional<String>> bucketPolicy;
        boolean bucketMissing = false;
        try {
            bucketPolicy = Observation.of(reader.bucketPolicy());
        } catch (RuntimeException e) {
            bucketMissing = CentralReader.isNoSuchBucket(e);
            bucketPolicy = Observation.failed(Failures.describe(e));
        }
        CentralSnapshot snapshot = new CentralSnapshot(bucketPolicy, bucketMissing, read(reader::keyPolicy), read(reader::key),
                settings(reader));
        return config.eventBusArn().isEmpty() ? snapshot : snapshot.withBusPolicy(read(reader::busPolicy));
    }

    /** One call each, in turn: the central stage runs beside the members' observation, so they overlap it. */
    private static CentralSettings settings(CentralReader reader) {
        return new CentralSettings(read(reader::publicAccessBlock), read(reader::policyStatus), read(reader::aclGrants),
                read(reader::versioning), read(reader::objectLock), read(reader::logging), read(reader::encryption),
                read(reader::ownership), read(reader::keyRotation), custody(reader));
    }

    private static CustodySettings custody(CentralReader reader) {
        return new CustodySettings(read(reader::keyGrants), read(reader::lifecycle), read(reader::replication),
                read(reader::reportTopic));
    }

    private static <T> Observation<T> read(Supplier<T> call) {
        try {
            return Observation.of(call.get());
        } catch (RuntimeException e) {
            return Observation.failed(Failures.describe(e));
        }
    }

    /**
     * Observes every member, at most {@code parallelism} at a time. Members not finished by the
     * deadline are reported unreachable, so one slow account cannot use up the whole run.
     */
    public List<MemberSnapshot> observeMembers(List<Member> members, MemberSessions sessions, Instant deadline,
                                               ObservationListener listener) {
        AtomicInteger done = new AtomicInteger();
        return BoundedPool.map(members, config.parallelism(), clock, deadline, member -> {
            try {
                return observe(member, sessions);
            } finally {
                listener.memberObserved(done.incrementAndGet(), members.size());
            }
        }, MemberSnapshot.Unreachable::new);
    }

    /**
     * One member: GetTrail in the registered home region, then status and selectors of that very
     * trail in the region it is really homed in. A trail not found there is looked for in every
     * region (ListTrails), so a trail homed elsewhere is audited where it is and never created twice.
     * Then, with the function's own role, the newest files the trail delivered into the central bucket.
     */
    public MemberSnapshot observe(Member member, MemberSessions sessions) {
        try {
            Optional<Seen> found = trail(member, sessions);
            if (found.isEmpty()) {
                return new MemberSnapshot.Missing(member, "no trail named '" + member.trailName() + "' in any region", true);
            }
            Trail trail = found.get().trail();
            Optional<Arn> arn = Arn.parse(trail.trailARN());
            if (arn.isEmpty()) {
                return new MemberSnapshot.Unreachable(member, "CloudTrail answered with a malformed trail ARN '"
                        + trail.trailARN() + "' for '" + member.trailName() + "'");
            }
            if (!arn.get().accountId().equals(member.accountId())) {
                return new MemberSnapshot.Missing(member, "the trail '" + member.trailName() + "' seen in " + member.homeRegion()
                        + " belongs to account " + arn.get().accountId() + ", not to the member", false);
            }
            String home = TrailHome.of(trail.homeRegion(), trail.trailARN()).orElseThrow();
            CloudTrailClient cloudTrail = sessions.cloudTrail(member, home);
            // A shadow copy (a multi-region trail seen outside its home) is read again where it lives.
            Trail own = home.equals(found.get().region()) ? trail : cloudTrail.getTrail(r -> r.name(trail.trailARN())).trail();
            return new MemberSnapshot.Found(member, own,
                    cloudTrail.getTrailStatus(r -> r.name(own.trailARN())),
                    cloudTrail.getEventSelectors(r -> r.trailName(own.trailARN())),
                    read(() -> arrivals().read(member.accountId(), home,
                            Boolean.TRUE.equals(own.logFileValidationEnabled()), clock.instant())));
        } catch (TrailElsewhereUnknown e) {
            return new MemberSnapshot.Missing(member, e.getMessage(), false);
        } catch (RuntimeException e) {
            return new MemberSnapshot.Unreachable(member, Failures.describe(e));
        }
    }

    /**
     * Whose trails besides the registered members' delivered into the central bucket within DELIVERY_MAX_AGE_HOURS, with
     * the function's own role; read only when a change would remove a statement that may serve them.
     */
    public Observation<BucketDeliveries> unregisteredDeliveries() {
        Set<String> registered = config.members().stream().map(Member::accountId).collect(Collectors.toSet());
        return read(() -> arrivals().recentDeliveries(registered, clock.instant()));
    }

    /** The central bucket's listing of members' files, with the function's own S3 client. */
    private ArrivalReader arrivals() {
        return new ArrivalReader(clients.s3(config.centralRegion()), config.desiredTrail(), config.bucketOwner());
    }

    /** A trail as GetTrail answered it, and the region that answered. */
    private record Seen(Trail trail, String region) {}

    /** The trail as seen from the registered home region, else from where ListTrails says it is homed. */
    private static Optional<Seen> trail(Member member, MemberSessions sessions) {
        CloudTrailClient registered = sessions.cloudTrail(member);
        try {
            return Optional.of(new Seen(registered.getTrail(r -> r.name(member.trailName())).trail(), member.homeRegion()));
        } catch (TrailNotFoundException e) {
            Optional<TrailInfo> elsewhere = homedElsewhere(member, registered);
            return elsewhere.map(info -> {
                String home = TrailHome.of(info.homeRegion(), info.trailARN()).orElseThrow();
                return new Seen(sessions.cloudTrail(member, home).getTrail(r -> r.name(info.trailARN())).trail(), home);
            });
        }
    }

    /**
     * ListTrails returns the account's trails of every region with their home region
     * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html).
     * If it cannot be read, whether the trail exists elsewhere is unknown: it must not be created.
     */
    private static Optional<TrailInfo> homedElsewhere(Member member, CloudTrailClient cloudTrail) {
        List<TrailInfo> named = new ArrayList<>();
        try {
            String token = null;
            do {
                String next = token;
                ListTrailsResponse page = cloudTrail.listTrails(r -> r.nextToken(next));
                page.trails().stream().filter(t -> member.trailName().equals(t.name())).forEach(named::add);
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (AwsServiceException e) {
            throw new TrailElsewhereUnknown("no trail named '" + member.trailName() + "' in " + member.homeRegion()
                    + ", and other regions could not be searched (" + Failures.describe(e)
                    + "; member-role.yaml grants cloudtrail:ListTrails)");
        }
        // Same-named trails homed in several regions: the first by region, so every run audits the same one.
        return named.stream().filter(t -> TrailHome.of(t.homeRegion(), t.trailARN()).isPresent())
                .min(Comparator.comparing(t -> TrailHome.of(t.homeRegion(), t.trailARN()).orElseThrow()));
    }

    /** ListTrails could not be read: the trail may exist in a region not searched. */
    private static final class TrailElsewhereUnknown extends RuntimeException {
        TrailElsewhereUnknown(String message) {
            super(message, null, false, false);
        }
    }
}
