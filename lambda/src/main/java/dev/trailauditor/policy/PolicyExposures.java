package dev.trailauditor.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a central policy lets in beyond CloudTrail and the audit account: every probe of every
 * registered member against the whole policy, grouped so that one loose statement is one finding
 * listing the members it exposes, not a line per member.
 */
public final class PolicyExposures {
    /** What the report says of a statement with the auditor's Sid prefix that is not one of the auditor's statements. */
    public static final String IMITATION = "it carries the auditor's Sid prefix " + ManagedStatements.MANAGED_SID_PREFIX
            + " but is not one of the auditor's statements (an imitation of them): the auditor keeps it as it is and"
            + " judges it like any foreign statement; give it a Sid of your own, or remove it";

    /** The meaning of the finding of an imitation that lets no probe through: named, never silent, nothing to tighten. */
    public static final String IMITATION_ONLY = "a statement imitates the auditor's statements and lets no probe through";

    private PolicyExposures() {}

    /**
     * One way in: who, how grave, through which statements, for which members (none when it is about no one member).
     *
     * @param imitations those of the statements that imitate the auditor's ({@link OwnStatements#imitations})
     */
    public record Finding(Probe.Level level, String meaning, List<Statement> statements, List<String> members,
                          List<Statement> imitations) {
        public Finding {
            statements = List.copyOf(statements);
            members = List.copyOf(members);
            imitations = List.copyOf(imitations);
        }

        /** " (members 222222222222, 333333333333)", or nothing when the finding is about no one member. */
        public String membersNote() {
            return members.isEmpty() ? "" : " (members " + String.join(", ", members) + ")";
        }

        /** "statement 'X' (#3), statement #5", and which of them imitate the auditor's statements. */
        public String statementNames() {
            String names = PolicyEvaluator.names(statements);
            return imitations.isEmpty() ? names : names + " (" + PolicyEvaluator.names(imitations) + ": " + IMITATION + ")";
        }
    }

    /**
     * Findings worst first (then in the order the probes are listed), for the registered members. An imitation of the
     * auditor's statements that lets no probe through is still a finding of its own (LOW): it is named, never silent.
     */
    static List<Finding> find(PolicyKind kind, PolicyDocument policy, CentralRequirements requirements) {
        // Without a bus there is no bus policy to judge (and no bus its statements could name).
        List<Statement> imitations = kind == PolicyKind.EVENT_BUS && !requirements.target().hasEventBus() ? List.of()
                : OwnStatements.of(policy, requirements.target(), requirements.grantees(kind)).imitations();
        Map<String, Finding> byWayIn = new LinkedHashMap<>();
        for (CentralRequirements.Probes probes : requirements.probes(kind)) {
            List<String> members = probes.member() == null ? List.of() : List.of(probes.member());
            for (Probe probe : probes.probes()) {
                Optional<Exposure> exposure = PolicyEvaluator.exposure(policy, probe);
                exposure.ifPresent(e -> byWayIn.merge(probe.meaning() + "|" + e.statementNames(),
                        new Finding(probe.level(), probe.meaning(), e.statements(), members,
                                e.statements().stream().filter(imitations::contains).toList()),
                        (was, more) -> new Finding(was.level(), was.meaning(), was.statements(),
                                concat(was.members(), more.members()), was.imitations())));
            }
        }
        List<Statement> named = byWayIn.values().stream().flatMap(f -> f.statements().stream()).toList();
        imitations.stream().filter(s -> !named.contains(s)).forEach(s -> byWayIn.put("imitation|" + s.index(),
                new Finding(Probe.Level.LOW, IMITATION_ONLY,
                        List.of(s), List.of(), List.of(s))));
        List<Finding> findings = new ArrayList<>(byWayIn.values());
        findings.sort((a, b) -> a.level().compareTo(b.level()));
        return findings;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
