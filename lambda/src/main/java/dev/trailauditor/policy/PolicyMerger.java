package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts back the grants a central policy lost, and changes nothing else: foreign statements (every statement that is
 * not exactly one of the auditor's, {@link OwnStatements}, whatever its Sid) stay exactly where they are; the
 * auditor's own statements grant what the foreign ones do not, in the tightest shape that fits the limit, and never
 * more than the registry names: stale grants are written again only from exact trail ARNs, never in the account-list
 * shape, whose trail names every listed account shares.
 */
public final class PolicyMerger {

    public MergeResult merge(PolicyKind kind, Optional<PolicyDocument> current, CentralTarget target,
                             List<Grantee> registered, boolean removeStale) {
        return merge(kind, current, target, registered, removeStale, false);
    }

    /** As {@link #merge(PolicyJudgement, Optional, boolean, boolean)}, judging the policy first. */
    public MergeResult merge(PolicyKind kind, Optional<PolicyDocument> current, CentralTarget target,
                             List<Grantee> registered, boolean removeStale, boolean tightenForeign) {
        requireDistinctAccounts(registered);
        PolicyJudgement judged = PolicyJudgement.of(kind, current.orElseGet(PolicyDocument::empty),
                new CentralRequirements(target, registered));
        return merge(judged, current, removeStale, tightenForeign);
    }

    /**
     * @param judged         the policy as the checks judged it: its requirements, verdicts and exposures are
     *                       reused, not worked out again
     * @param current        the same policy as read, or empty when there is none (it is then judged as empty)
     * @param tightenForeign replace foreign statements that grant only CloudTrail and let in more than
     *                       it (a trail of another account, say) by the auditor's pinned statements;
     *                       statements that grant anyone else are never touched
     */
    public MergeResult merge(PolicyJudgement judged, Optional<PolicyDocument> current, boolean removeStale,
                             boolean tightenForeign) {
        PolicyKind kind = judged.kind();
        CentralRequirements requirements = judged.requirements();
        CentralTarget target = requirements.target();
        requireDistinctAccounts(requirements.grantees());
        List<Grantee> registered = requirements.grantees(kind);
        PolicyDocument original = judged.policy();
        int sizeBefore = current.map(PolicyDocument::sizeBytes).orElse(0);
        List<PolicyExposures.Finding> exposures = judged.exposures();
        OwnStatements ownBefore = OwnStatements.of(original, target, registered);
        List<Statement> loose = looseCloudTrailGrants(exposures, ownBefore);
        List<String> advice = advice(kind, exposures, tightenForeign, ownBefore);
        PolicyDocument before = !tightenForeign || loose.isEmpty() ? original
                : original.withStatements(original.statements().stream().filter(s -> !loose.contains(s))
                        .map(Statement::json).toList());
        OwnStatements own = before == original ? ownBefore : OwnStatements.of(before, target, registered);
        List<Statement> managed = own.own();
        PolicyDocument foreignOnly = before.withStatements(before.statements().stream()
                .filter(statement -> !own.isOwn(statement)).map(Statement::json).toList());
        Function<Grant, List<Grantee>> kept = removeStale ? grant -> List.of() : own::stale;
        PolicyDocument managedOnly = before.withStatements(managed.stream().map(Statement::json).toList());
        Map<Grant, List<Grantee>> registeredNeeds = needs(kind, requirements, foreignOnly);
        Map<Grant, List<Grantee>> withStale = withStale(kind, target, registeredNeeds, foreignOnly, kept, managedOnly);
        List<String> stale = own.staleAccounts();

        PolicyDocument smallest = null;
        int foreignBytes = foreignOnly.sizeBytes();
        boolean foreignVariables = foreignOnly.toJson().contains("${");
        List<Shape> shapes = kind.shapes();
        for (Shape shape : shapes) {
            // In the account-list shape all listed accounts share the trail names, and the ACL check and DescribeKey
            // admit any trail of a listed account: a stale trail known by its ARN alone would widen there, so it is
            // not written again (the bus grant names accounts only, and keeps them).
            Map<Grant, List<Grantee>> needs = shape == Shape.ACCOUNT_LIST && kind != PolicyKind.EVENT_BUS
                    ? registeredNeeds : withStale;
            List<ObjectNode> desired = ManagedStatements.generate(shape, target, needs);
            // The auditor's statements alone already over the limit: not worth building the document.
            if (shape != shapes.get(shapes.size() - 1) && foreignBytes + lowerBoundBytes(desired) > kind.limitBytes()) {
                continue;
            }
            PolicyDocument candidate = withVariables(place(before, desired, own), desired, foreignVariables);
            if (candidate.sizeBytes() <= kind.limitBytes()) {
                String collision = sidCollision(kind, desired, before, own);
                return collision != null ? refused(judged, sizeBefore, collision, stale, advice)
                        : planned(judged, current, candidate, desired.isEmpty() ? null : shape, sizeBefore, stale, advice);
            }
            smallest = candidate;
        }
        return refused(judged, sizeBefore, tooLarge(kind, registered, smallest, foreignOnly), stale, advice);
    }

    /**
     * A foreign statement (an imitation, or a Deny) holding a Sid the auditor is about to write: two statements of one
     * Sid are ambiguous at best. IAM requires Sids to be unique within a policy
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html) and EventBridge names
     * the statement to remove by it (StatementId,
     * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html), so the write is held.
     */
    private static String sidCollision(PolicyKind kind, List<ObjectNode> desired, PolicyDocument before, OwnStatements own) {
        Set<String> ours = desired.stream().map(PolicyMerger::sid).collect(Collectors.toSet());
        List<Statement> taken = before.statements().stream().filter(s -> !own.isOwn(s) && ours.contains(s.sid())).toList();
        if (taken.isEmpty()) {
            return null;
        }
        return "the " + kindName(kind) + " policy's " + PolicyEvaluator.names(taken) + " carries a Sid the auditor"
                + " must write for its own statement, but is not one of the auditor's statements (an imitation of them):"
                + " a policy with two statements of one Sid is ambiguous, so nothing was written. Give that statement a"
                + " Sid of your own (not starting with " + ManagedStatements.MANAGED_SID_PREFIX + "), or remove it.";
    }

    /** Foreign Allows to CloudTrail alone (imitations too) that let a probe through: what tightening may replace. */
    private static List<Statement> looseCloudTrailGrants(List<PolicyExposures.Finding> exposures, OwnStatements own) {
        return exposures.stream().filter(f -> !f.meaning().equals(PolicyExposures.IMITATION_ONLY))
                .flatMap(f -> f.statements().stream())
                .filter(s -> !own.isOwn(s) && ManagedStatements.allowsOnlyCloudTrail(s)).distinct().toList();
    }

    /** For every way in through a foreign statement: which statement, and how to close it. */
    private static List<String> advice(PolicyKind kind, List<PolicyExposures.Finding> exposures, boolean tightenForeign,
                                       OwnStatements own) {
        List<String> advice = new ArrayList<>();
        for (PolicyExposures.Finding finding : exposures) {
            for (Statement statement : finding.statements()) {
                if (own.isOwn(statement)) {
                    continue;
                }
                String what = PolicyEvaluator.label(statement) + ": " + finding.meaning() + " (" + finding.level()
                        + (finding.members().isEmpty() ? "" : "; members " + String.join(", ", finding.members())) + "): "
                        + (own.imitations().contains(statement) ? PolicyExposures.IMITATION + "; " : "");
                advice.add(what + (finding.meaning().equals(PolicyExposures.IMITATION_ONLY) ? "it lets no probe through"
                        : kind == PolicyKind.EVENT_BUS
                        ? "the auditor never changes a statement it did not write; narrow its Principal to the registered"
                          + " accounts, or remove it, by hand"
                        : !ManagedStatements.allowsOnlyCloudTrail(statement)
                        ? "it grants more than CloudTrail, so the auditor never changes it; narrow its Principal, Action or Resource by hand"
                        : tightenForeign ? "replaced by the auditor's statements pinned by aws:SourceArn (TIGHTEN_FOREIGN_GRANTS)"
                        : "pin it with aws:SourceArn (the trails' ARNs) and its Resource to AWSLogs/<account>/*, or set"
                          + " TIGHTEN_FOREIGN_GRANTS=true to let the auditor replace it by its pinned statements"));
            }
        }
        return advice.stream().distinct().toList();
    }

    /**
     * The auditor's statements may use ${aws:SourceAccount}, which only a 2012-10-17 policy resolves.
     * The Version is raised only when no foreign statement holds "${" (whose meaning it would change).
     */
    private static PolicyDocument withVariables(PolicyDocument document, List<ObjectNode> desired, boolean foreignVariables) {
        boolean needed = desired.stream().anyMatch(statement -> statement.toString().contains("${"));
        return needed && !foreignVariables && !"2012-10-17".equals(document.version())
                ? document.withVersion("2012-10-17") : document;
    }

    /** Bytes the statements take at least in the written policy (they are ASCII: a character is a byte). */
    private static int lowerBoundBytes(List<ObjectNode> statements) {
        return statements.stream().mapToInt(statement -> statement.toString().length() + 1).sum();
    }

    /** Per grant, the registered grantees whose requirement the foreign statements do not meet (DESCRIBE: once, for all). */
    private static Map<Grant, List<Grantee>> needs(PolicyKind kind, CentralRequirements requirements,
                                                   PolicyDocument foreignOnly) {
        Map<Grant, List<Grantee>> needs = new EnumMap<>(Grant.class);
        List<Grantee> registered = requirements.grantees(kind);
        for (Grant grant : Grant.of(kind)) {
            List<Grantee> grantees = new ArrayList<>();
            List<Requirement> of = requirements.of(grant);
            // A requirement a foreign Deny blocks is reported (stillUnmet); a grant added beside the Deny would not help.
            for (int i = 0; i < registered.size(); i++) {
                if (isMissing(foreignOnly, of.get(i))) {
                    grantees.add(registered.get(i));
                }
            }
            if (!grantees.isEmpty()) {
                needs.put(grant, grantees);
            }
        }
        return needs;
    }

    /** The needs with the stale trails added where the auditor's statements granted them and nothing else does. */
    private static Map<Grant, List<Grantee>> withStale(PolicyKind kind, CentralTarget target, Map<Grant, List<Grantee>> needs,
                                                       PolicyDocument foreignOnly, Function<Grant, List<Grantee>> keptStale,
                                                       PolicyDocument managedOnly) {
        Map<Grant, List<Grantee>> all = new EnumMap<>(Grant.class);
        for (Grant grant : Grant.of(kind)) {
            List<Grantee> grantees = new ArrayList<>(needs.getOrDefault(grant, List.of()));
            // A stale account keeps only what the auditor's statements granted it, nothing more.
            keptStale.apply(grant).stream()
                    .filter(g -> {
                        Requirement requirement = grant.requirement(target, g);
                        return isMissing(foreignOnly, requirement) && isMet(managedOnly, requirement);
                    })
                    .forEach(grantees::add);
            if (!grantees.isEmpty()) {
                all.put(grant, grantees);
            }
        }
        return all;
    }

    /**
     * The new statement list: foreign statements where they are; the auditor's statements where its
     * first one was (appended when there was none); its other old statements dropped. A desired
     * statement that means the same as the old one of its Sid keeps the old JSON, so nothing churns.
     */
    private static PolicyDocument place(PolicyDocument before, List<ObjectNode> desired, OwnStatements own) {
        Map<String, ObjectNode> oldBySid = managedBySid(own);
        List<ObjectNode> ours = desired.stream().map(statement -> {
            ObjectNode old = oldBySid.get(sid(statement));
            return old != null && PolicyMeaning.same(old, statement) ? old : statement;
        }).toList();
        List<ObjectNode> statements = new ArrayList<>();
        boolean placed = false;
        for (Statement statement : before.statements()) {
            if (!own.isOwn(statement)) {
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

    private static MergeResult planned(PolicyJudgement judged, Optional<PolicyDocument> current, PolicyDocument after,
                                       Shape shape, int sizeBefore, List<String> stale, List<String> advice) {
        PolicyKind kind = judged.kind();
        PolicyDocument before = judged.policy();
        boolean changed = !PolicyMeaning.same(before.statementJson(), after.statementJson())
                || !Objects.equals(before.version(), after.version());
        PolicyDocument document = changed ? after : current.orElse(after);
        CentralTarget target = judged.requirements().target();
        List<Grantee> registered = judged.requirements().grantees(kind);
        OwnStatements ownBefore = OwnStatements.of(before, target, registered);
        Map<String, ObjectNode> oldBySid = managedBySid(ownBefore);
        Map<String, ObjectNode> newBySid = managedBySid(OwnStatements.of(after, target, registered));
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
        List<ObjectNode> removed = removedStatements(before, after, newBySid.keySet(), ownBefore);
        int sizeAfter = document.sizeBytes();
        return new MergeResult(kind, changed, document, shape, sizeBefore, sizeAfter, kind.limitBytes(),
                kind.limitBytes() - sizeAfter, added, replaced, removed, stale,
                changed ? judged.requirements().unmetIn(kind, document) : judged.unmet(), null, advice);
    }

    private static MergeResult refused(PolicyJudgement judged, int sizeBefore, String refusal, List<String> stale,
                                       List<String> advice) {
        PolicyKind kind = judged.kind();
        PolicyDocument before = judged.policy();
        int limit = kind.limitBytes();
        return new MergeResult(kind, false, before, null, sizeBefore, sizeBefore, limit, limit - sizeBefore,
                List.of(), List.of(), List.of(), stale, judged.unmet(), refusal, advice);
    }

    private static String tooLarge(PolicyKind kind, List<Grantee> registered, PolicyDocument smallest,
                                   PolicyDocument foreignOnly) {
        int limit = kind.limitBytes();
        int needed = smallest.sizeBytes();
        return String.format(Locale.ROOT, "the %s policy for %,d members does not fit even in the most "
                        + "compact shape (%s): it would take %,d bytes (%,d of them for the rest of the policy), %,d over the "
                        + "limit of %,d bytes. Nothing was written. Split the members over two %s, or remove foreign "
                        + "statements.", kindName(kind), registered.size(), Shape.ACCOUNT_LIST,
                needed, foreignOnly.sizeBytes(), needed - limit, limit,
                switch (kind) {
                    case BUCKET -> "buckets";
                    case KEY -> "keys";
                    case EVENT_BUS -> "event buses";
                });
    }

    private static String kindName(PolicyKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /**
     * Old managed statements with no successor of the same Sid, any repeated copies of one Sid, and
     * foreign statements replaced by tightening.
     */
    private static List<ObjectNode> removedStatements(PolicyDocument before, PolicyDocument after, Set<String> keptSids,
                                                      OwnStatements own) {
        Set<String> seen = new HashSet<>();
        List<JsonNode> kept = after.statements().stream().map(s -> (JsonNode) s.json()).toList();
        return before.statements().stream()
                .filter(statement -> own.isOwn(statement)
                        ? !keptSids.contains(statement.sid()) || !seen.add(statement.sid())
                        : !kept.contains(statement.json()))
                .map(Statement::json)
                .toList();
    }

    private static Map<String, ObjectNode> managedBySid(OwnStatements own) {
        Map<String, ObjectNode> bySid = new LinkedHashMap<>();
        own.own().forEach(statement -> bySid.putIfAbsent(statement.sid(), statement.json()));
        return bySid;
    }

    private static boolean isMet(PolicyDocument policy, Requirement requirement) {
        return PolicyEvaluator.evaluate(policy, requirement).status() == Verdict.Status.MET;
    }

    /** Nothing allows it, and nothing denies it: a grant of the auditor's would meet it. */
    private static boolean isMissing(PolicyDocument policy, Requirement requirement) {
        return PolicyEvaluator.evaluate(policy, requirement).status() == Verdict.Status.MISSING;
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
