package dev.trailauditor.observe;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.MemberSessions;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.concurrent.BoundedPool;
import dev.trailauditor.config.Member;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
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
        return new CentralSnapshot(read(reader::bucketPolicy), read(reader::keyPolicy), read(reader::key));
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

    /** One member: GetTrail, then status and selectors of that very trail, all in its home region. */
    public MemberSnapshot observe(Member member, MemberSessions sessions) {
        try {
            CloudTrailClient cloudTrail = sessions.cloudTrail(member);
            Trail trail;
            try {
                trail = cloudTrail.getTrail(r -> r.name(member.trailName())).trail();
            } catch (TrailNotFoundException e) {
                return new MemberSnapshot.Missing(member, "no trail named '" + member.trailName() + "' in " + member.homeRegion(), true);
            }
            Optional<String> notOwn = notOwnTrail(member, trail);
            if (notOwn.isPresent()) {
                return new MemberSnapshot.Missing(member, notOwn.get(), false);
            }
            return new MemberSnapshot.Found(member, trail,
                    cloudTrail.getTrailStatus(r -> r.name(trail.trailARN())),
                    cloudTrail.getEventSelectors(r -> r.trailName(trail.trailARN())));
        } catch (RuntimeException e) {
            return new MemberSnapshot.Unreachable(member, Failures.describe(e));
        }
    }

    /** A shadow of a trail homed elsewhere, or another account's trail, is not the member's own trail. */
    private static Optional<String> notOwnTrail(Member member, Trail trail) {
        String arnAccount = trail.trailARN() == null ? null : trail.trailARN().split(":")[4];
        if (arnAccount != null && !arnAccount.equals(member.accountId())) {
            return Optional.of("the trail '" + member.trailName() + "' seen in " + member.homeRegion()
                    + " belongs to account " + arnAccount + ", not to the member");
        }
        if (trail.homeRegion() != null && !trail.homeRegion().equals(member.homeRegion())) {
            return Optional.of("only a shadow of '" + member.trailName() + "' is in " + member.homeRegion()
                    + "; the trail's home region is " + trail.homeRegion());
        }
        return Optional.empty();
    }
}
