package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts back the grants a central policy lost, and changes nothing else: foreign statements (any Sid
 * without {@link ManagedStatements#MANAGED_SID_PREFIX}) stay exactly where they are; the auditor's
 * own statements grant what the foreign ones do not, in the tightest shape that fits the limit.
 */
public final class PolicyMerger {

    public MergeResult merge(PolicyKind kind, Optional<PolicyDocument> current, CentralTarget target,
                             List<Grantee> registered, boolean removeStale) {
        requireDistinctAccounts(registered);
        PolicyDocument before = current.orElseGet(PolicyDocument::empty);
        int sizeBefore = current.map(PolicyDocument::sizeBytes).orElse(0);
        List<Statement> managed = before.statements().stream().filter(ManagedStatements::isManaged).toList();
        PolicyDocument foreignOnly = before.withStatements(before.statements().stream()
                .filter(statement -> !ManagedStatements.isManaged(statement)).map(Statement::json).toList());
        List<Grantee> kept = removeStale ? List.of() : StaleGrantees.of(managed, registered, target);
        Map<Grant, List<Grantee>> needs = needs(kind, target, foreignOnly, registered, kept,
                before.withStatements(managed.stream().map(Statement::json).toList()));
        List<String> stale = StaleGrantees.accounts(managed, registered);

        PolicyDocument smallest = null;
        for (Shape shape : Shape.values()) {
            List<ObjectNode> desired = ManagedStatements.generate(shape, target, needs);
            PolicyDocument candidate = place(before, desired);
            if (candidate.sizeBytes() <= kind.limitBytes()) {
                return planned(kind, current, before, candidate, desired.isEmpty() ? null : shape, sizeBefore,
                        target, registered, stale);
            }
            smallest = candidate;
        }
        return refused(kind, before, sizeBefore, smallest, foreignOnly, target, registered, stale);
    }

    /** Per grant, the grantees whose requirement the foreign statements do not meet (DESCRIBE: once, for all). */
    private static Map<Grant, List<Grantee>> needs(PolicyKind kind, CentralTarget target, PolicyDocument foreignOnly,
                                                   List<Grantee> registered, List<Grantee> keptStale,
                                                   PolicyDocument managedOnly) {
        Map<Grant, List<Grantee>> needs = new EnumMap<>(Grant.class);
        for (Grant grant : Grant.of(kind)) {
            if (!grant.perMember()) {
                if (!isMet(foreignOnly, grant.requirement(target, null))) {
                    needs.put(grant, List.of());
                }
                continue;
            }
            List<Grantee> grantees = new ArrayList<>();
            registered.stream().filter(g -> !isMet(foreignOnly, grant.requirement(target, g))).forEach(grantees::add);
            // A stale account keeps only what the auditor's statements granted it, nothing more.
            keptStale.stream()
                    .filter(g -> !isMet(foreignOnly, grant.requirement(target, g)) && isGranted(managedOnly, grant.requirement(target, g)))
                    .forEach(grantees::add);
            if (!grantees.isEmpty()) {
                needs.put(grant, grantees);
            }
        }
        return needs;
    }

    /**
     * The new statement list: foreign statements where they are; the auditor's statements where its
     * first one was (appended when there was none); its other old statements dropped. A desired
     * statement that means the same as the old one of its Sid keeps the old JSON, so nothing churns.
     */
    private static PolicyDocument place(PolicyDocument before, List<ObjectNode> desired) {
        Map<String, ObjectNode> oldBySid = managedBySid(before);
        List<ObjectNode> ours = desired.stream().map(statement -> {
            ObjectNode old = oldBySid.get(sid(statement));
            return old != null && PolicyMeaning.same(old, statement) ? old : statement;
        }).toList();
        List<ObjectNode> statements = new ArrayList<>();
        boolean placed = false;
        for (Statement statement : before.statements()) {
            if (!ManagedStatements.isManaged(statement)) {
                statements.add(statement.json());
            } else if (!placed) {
                statements.addAll(ours);
                placed = true;
            }
        }
        if (!placed) {
            statements.addAll(ours);
        }
        return before.withStatements(statements);
    }

    private static MergeResult planned(PolicyKind kind, Optional<PolicyDocument> current, PolicyDocument before,
                                       PolicyDocument after, Shape shape, int sizeBefore, CentralTarget target,
                                       List<Grantee> registered, List<String> stale) {
        boolean changed = !PolicyMeaning.same(before.statementJson(), after.statementJson());
        PolicyDocument document = changed ? after : current.orElse(after);
        Map<String, ObjectNode> oldBySid = managedBySid(before);
        Map<String, ObjectNode> newBySid = managedBySid(after);
        List<ObjectNode> added = new ArrayList<>();
        List<MergeResult.Replacement> replaced = new ArrayList<>();
        newBySid.forEach((sid, statement) -> {
            ObjectNode old = oldBySid.get(sid);
            if (old == null) {
                added.add(statement);
            } else if (!PolicyMeaning.same(old, statement)) {
                replaced.add(new MergeResult.Replacement(old, statement));
            }
        });
        List<ObjectNode> removed = removedStatements(before, newBySid.keySet());
        int sizeAfter = document.sizeBytes();
        return new MergeResult(kind, changed, document, shape, sizeBefore, sizeAfter, kind.limitBytes(),
                kind.limitBytes() - sizeAfter, added, replaced, removed, stale,
                unmet(kind, document, target, registered), null);
    }

    private static MergeResult refused(PolicyKind kind, PolicyDocument before, int sizeBefore, PolicyDocument smallest,
                                       PolicyDocument foreignOnly, CentralTarget target, List<Grantee> registered,
                                       List<String> stale) {
        int limit = kind.limitBytes();
        int needed = smallest.sizeBytes();
        String refusal = String.format(Locale.ROOT, "the %s policy for %,d members does not fit even in the most "
                        + "compact shape (%s): it would take %,d bytes (%,d of them for the rest of the policy), %,d over the "
                        + "limit of %,d bytes. Nothing was written. Split the members over two %s, or remove foreign "
                        + "statements.", kind.name().toLowerCase(Locale.ROOT), registered.size(), Shape.ACCOUNT_LIST,
                needed, foreignOnly.sizeBytes(), needed - limit, limit,
                kind == PolicyKind.BUCKET ? "buckets" : "keys");
        return new MergeResult(kind, false, before, null, sizeBefore, sizeBefore, limit, limit - sizeBefore,
                List.of(), List.of(), List.of(), stale, unmet(kind, before, target, registered), refusal);
    }

    /** Old managed statements with no successor of the same Sid, and any repeated copies of one Sid. */
    private static List<ObjectNode> removedStatements(PolicyDocument before, Set<String> keptSids) {
        Set<String> seen = new HashSet<>();
        return before.statements().stream()
                .filter(ManagedStatements::isManaged)
                .filter(statement -> !keptSids.contains(statement.sid()) || !seen.add(statement.sid()))
                .map(Statement::json)
                .toList();
    }

    /** "requirement: why" for every requirement of a registered member the document does not meet. */
    private static List<String> unmet(PolicyKind kind, PolicyDocument document, CentralTarget target,
                                      List<Grantee> registered) {
        List<String> unmet = new ArrayList<>();
        for (Grant grant : Grant.of(kind)) {
            List<Grantee> whom = grant.perMember() ? registered : Collections.singletonList(null);
            for (Grantee grantee : whom) {
                Requirement requirement = grant.requirement(target, grantee);
                Verdict verdict = PolicyEvaluator.evaluate(document, requirement);
                if (verdict.status() != Verdict.Status.MET) {
                    unmet.add(requirement.description() + ": " + verdict.detail());
                }
            }
        }
        return unmet;
    }

    private static Map<String, ObjectNode> managedBySid(PolicyDocument document) {
        Map<String, ObjectNode> bySid = new LinkedHashMap<>();
        document.statements().stream().filter(ManagedStatements::isManaged)
                .forEach(statement -> bySid.putIfAbsent(statement.sid(), statement.json()));
        return bySid;
    }

    private static boolean isMet(PolicyDocument policy, Requirement requirement) {
        return PolicyEvaluator.evaluate(policy, requirement).status() == Verdict.Status.MET;
    }

    /** Does the policy allow the request at all (tightly or not)? */
    private static boolean isGranted(PolicyDocument policy, Requirement requirement) {
        Verdict.Status status = PolicyEvaluator.evaluate(policy, requirement).status();
        return status == Verdict.Status.MET || status == Verdict.Status.LOOSE;
    }

    private static String sid(ObjectNode statement) {
        return statement.get("Sid").asText();
    }

    private static void requireDistinctAccounts(List<Grantee> registered) {
        Set<String> seen = new HashSet<>();
        List<String> repeated = registered.stream().map(Grantee::accountId).filter(a -> !seen.add(a)).distinct()
                .collect(Collectors.toList());
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException("accounts registered twice: " + repeated);
        }
    }
}
