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
    private PolicyExposures() {}

    /** One way in: who, how grave, through which statements, for which members (none when it is about no one member). */
    public record Finding(Probe.Level level, String meaning, List<Statement> statements, List<String> members) {
        public Finding {
            statements = List.copyOf(statements);
            members = List.copyOf(members);
        }

        /** " (members 222222222222, 333333333333)", or nothing when the finding is about no one member. */
        public String membersNote() {
            return members.isEmpty() ? "" : " (members " + String.join(", ", members) + ")";
        }

        /** "statement 'X' (#3), statement #5" */
        public String statementNames() {
            return PolicyEvaluator.names(statements);
        }
    }

    /** Findings worst first (then in the order the probes are listed), for the registered members. */
    static List<Finding> find(PolicyKind kind, PolicyDocument policy, CentralRequirements requirements) {
        Map<String, Finding> byWayIn = new LinkedHashMap<>();
        for (CentralRequirements.Probes probes : requirements.probes(kind)) {
            List<String> members = probes.member() == null ? List.of() : List.of(probes.member());
            for (Probe probe : probes.probes()) {
                Optional<Exposure> exposure = PolicyEvaluator.exposure(policy, probe);
                exposure.ifPresent(e -> byWayIn.merge(probe.meaning() + "|" + e.statementNames(),
                        new Finding(probe.level(), probe.meaning(), e.statements(), members),
                        (was, more) -> new Finding(was.level(), was.meaning(), was.statements(),
                                concat(was.members(), more.members()))));
            }
        }
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
