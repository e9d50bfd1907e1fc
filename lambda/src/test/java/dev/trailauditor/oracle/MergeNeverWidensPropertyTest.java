package dev.trailauditor.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.oracle.OracleResult.Decision;
import dev.trailauditor.policy.AccessRequest;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.Call;
import dev.trailauditor.policy.CentralTarget;
import dev.trailauditor.policy.CloudTrailRequirements;
import dev.trailauditor.policy.EventBusRequirements;
import dev.trailauditor.policy.Grant;
import dev.trailauditor.policy.Grantee;
import dev.trailauditor.policy.LogPrefix;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.MergeResult;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyEvaluator;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.PolicyMerger;
import dev.trailauditor.policy.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The merger never writes a grant wider than the registry: over seeded random registries, shapes, and current
 * policies holding the auditor's statements, stale ones, planted ones (a per-member grant for an unregistered
 * account, an account-list grant with a wildcard or an unregistered trail name, an unregistered account listed) and
 * foreign ones, no request for a trail or account the registry does not name (and none of the probes' requests of
 * anyone else) is allowed by the written policy unless the policy before allowed it. Judged by our evaluator and by
 * the independent oracle, each on its own.
 *
 * <p>"Named by the registry", for the writes and data keys, is a registered account with a registered trail's name, in
 * any region: the account-list shape pins accounts and trail names apart by design (README, Repairs), so a registered
 * account's trail of another registered name is the shape's, not a widening. The ACL check and DescribeKey, which
 * read only, that shape pins by account alone, and the bus grant names accounts: for them a registered account is
 * named whatever its trail.
 */
class MergeNeverWidensPropertyTest {
    private static final int CASES = 100;
    /** Cases per oracle run: one node process must answer within its timeout. */
    private static final int ORACLE_BATCH = 1_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AUDIT = "100000000000";
    private static final String BUS = "arn:aws:events:eu-west-1:" + AUDIT + ":event-bus/trail-auditor-trail-events";
    private static final CentralTarget TARGET = new CentralTarget("aws", "central-trail-logs", LogPrefix.of("org"),
            "arn:aws:kms:eu-west-1:" + AUDIT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", AUDIT,
            Instant.parse("2026-11-29T03:00:00Z"), BUS);
    private static final List<String> REGISTERED_NAMES = List.of("org-trail", "main", "audit-trail");
    private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1", "ap-northeast-1");

    /** One merge: before and after, and the requests of outsiders to judge on both. */
    private record Merge(long seed, PolicyKind kind, PolicyDocument before, PolicyDocument after,
                         List<AccessRequest> outsiders) {}

    @Test
    void noWrittenPolicyLetsInAnOutsiderThePolicyBeforeDidNotByEvaluatorAndOracle() {
        List<Merge> merges = new ArrayList<>();
        Set<String> reached = new TreeSet<>();
        for (long seed = 0; seed < CASES; seed++) {
            Merge merge = merge(seed, reached);
            if (merge != null) {
                merges.add(merge);
            }
        }
        // The cases must reach what the property is about, or it proves little.
        assertThat(reached).contains("changed", "shape ACCOUNT_LIST", "shape LISTED", "shape PER_MEMBER", "stale",
                "wildcard planted", "unregistered name planted", "per-member planted", "bus", "held");

        List<String> widened = new ArrayList<>();
        List<OracleCase> after = new ArrayList<>();
        Map<String, OracleCase> beforeOf = new LinkedHashMap<>();
        for (Merge merge : merges) {
            for (int i = 0; i < merge.outsiders().size(); i++) {
                AccessRequest request = merge.outsiders().get(i);
                boolean before = allowed(merge.before(), request);
                if (allowed(merge.after(), request) && !before) {
                    widened.add("evaluator, seed " + merge.seed() + ": " + describe(request));
                }
                OracleRequest asked = OracleRequests.of(request);
                String id = merge.seed() + "/" + i;
                after.add(OracleCase.of(id, merge.after().toJson(), AUDIT, asked));
                beforeOf.put(id, OracleCase.of(id, merge.before().toJson(), AUDIT, asked));
            }
        }
        // The oracle judges every request on the written policy, and those it allows on the policy before as well.
        List<OracleCase> allowedAfter = new ArrayList<>();
        List<OracleResult> afterResults = oracle(after);
        for (int i = 0; i < after.size(); i++) {
            if (afterResults.get(i).decision() == Decision.ALLOWED) {
                allowedAfter.add(beforeOf.get(after.get(i).id()));
            }
        }
        List<OracleResult> beforeResults = oracle(allowedAfter);
        for (int i = 0; i < allowedAfter.size(); i++) {
            if (beforeResults.get(i).decision() != Decision.ALLOWED) {
                widened.add("oracle, case " + allowedAfter.get(i).id() + ": " + allowedAfter.get(i).request());
            }
        }
        assertThat(after.size()).as("requests judged").isGreaterThan(2_000);
        assertThat(allowedAfter).as("some outsiders were let in before, and still are").isNotEmpty();
        assertThat(widened).isEmpty();
    }

    private static List<OracleResult> oracle(List<OracleCase> cases) {
        List<OracleResult> results = new ArrayList<>();
        for (int from = 0; from < cases.size(); from += ORACLE_BATCH) {
            results.addAll(new IamOracle().evaluate(cases.subList(from, Math.min(cases.size(), from + ORACLE_BATCH))));
        }
        assertThat(results).extracting(OracleResult::error).containsOnlyNulls();
        return results;
    }

    private static Merge merge(long seed, Set<String> reached) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL);
        PolicyKind kind = random.nextInt(8) == 0 ? PolicyKind.EVENT_BUS : pick(random, PolicyKind.BUCKET, PolicyKind.KEY);
        List<Grantee> registered = trails(random, 1 + random.nextInt(40), REGISTERED_NAMES);
        List<Grantee> strangers = trails(random, 1 + random.nextInt(2), List.of("org-trail", "stale-trail", "old-trail"));
        Optional<PolicyDocument> current = Optional.of(current(random, kind, registered, strangers, reached));
        boolean removeStale = random.nextInt(3) == 0;
        boolean tighten = random.nextInt(4) == 0;
        MergeResult result = new PolicyMerger().merge(kind, current, TARGET, registered, removeStale, tighten);
        reached.add(result.changed() ? "changed" : "unchanged");
        reached.add("shape " + result.shape());
        reached.add(kind == PolicyKind.EVENT_BUS ? "bus" : "central");
        if (result.refused()) {
            reached.add("held");
        }
        if (!result.staleAccounts().isEmpty()) {
            reached.add("stale");
        }
        if (!result.changed()) {
            return null; // nothing written: nothing to widen
        }
        return new Merge(seed, kind, current.get(), result.document(), outsiders(random, kind, registered, strangers));
    }

    /** The auditor's statements for some members and strangers, stale and planted ones, imitations and foreign ones. */
    private static PolicyDocument current(Random random, PolicyKind kind, List<Grantee> registered, List<Grantee> strangers,
                                          Set<String> reached) {
        List<Grantee> some = new ArrayList<>(registered.stream().filter(g -> random.nextInt(4) != 0).toList());
        if (random.nextBoolean()) {
            some.addAll(strangers);
        }
        if (some.isEmpty()) {
            some.add(registered.get(0));
        }
        Shape shape = kind == PolicyKind.EVENT_BUS ? Shape.ACCOUNT_LIST : pick(random, Shape.values());
        List<ObjectNode> statements = new ArrayList<>(ManagedStatements.forAll(kind, shape, TARGET, some));
        if (shape == Shape.ACCOUNT_LIST && kind != PolicyKind.EVENT_BUS && random.nextInt(3) != 0) {
            String trailPattern = switch (random.nextInt(3)) {
                case 0 -> {
                    reached.add("wildcard planted");
                    yield pick(random, "arn:aws:cloudtrail:*:*:trail/*", "arn:aws:cloudtrail:*:*:trail/org-*");
                }
                case 1 -> {
                    reached.add("unregistered name planted");
                    yield "arn:aws:cloudtrail:*:*:trail/evil-trail";
                }
                default -> null;
            };
            for (ObjectNode statement : statements) {
                ObjectNode arnLike = statement.at("/Condition").isObject() ? findTrailPatterns(statement) : null;
                if (arnLike != null && trailPattern != null) {
                    if (random.nextBoolean()) {
                        arnLike.put("aws:SourceArn", trailPattern); // the attack: the pattern replaced
                    } else {
                        ArrayNode widened = MAPPER.createArrayNode().add(trailPattern);
                        arnLike.get("aws:SourceArn").forEach(v -> widened.add(v.asText()));
                        arnLike.set("aws:SourceArn", widened);
                    }
                }
            }
        }
        if (kind != PolicyKind.EVENT_BUS && random.nextBoolean()) {
            // A per-member grant of an unregistered account, exactly as the auditor would write it, planted beside.
            reached.add("per-member planted");
            Grantee planted = pick(random, strangers.toArray(Grantee[]::new));
            ManagedStatements.forAll(kind, Shape.PER_MEMBER, TARGET, List.of(planted)).stream()
                    .filter(s -> s.get("Sid").asText().matches(".*\\d{12}")).forEach(statements::add);
        }
        if (random.nextInt(3) == 0 && !statements.isEmpty()) {
            ObjectNode imitation = statements.get(random.nextInt(statements.size())).deepCopy();
            imitation.remove("Condition"); // wider than the auditor's: an imitation, kept as it is
            statements.add(random.nextInt(statements.size() + 1), imitation);
        }
        if (random.nextBoolean()) {
            statements.add(random.nextInt(statements.size() + 1), foreign(random, kind));
        }
        if (kind != PolicyKind.EVENT_BUS && random.nextInt(3) == 0) {
            statements.add(0, padding(kind)); // a large foreign statement: the auditor's must take the account-list shape
        }
        ObjectNode root = MAPPER.createObjectNode().put("Version", "2012-10-17");
        root.set("Statement", MAPPER.valueToTree(statements));
        return PolicyDocument.parse(root.toString());
    }

    private static ObjectNode findTrailPatterns(ObjectNode statement) {
        for (String operator : List.of("ArnLike", "StringLike")) {
            if (statement.at("/Condition/" + operator + "/aws:SourceArn").isValueNode()
                    || statement.at("/Condition/" + operator + "/aws:SourceArn").isArray()) {
                return (ObjectNode) statement.at("/Condition/" + operator);
            }
        }
        return null;
    }

    /** Reports readers' grant, 16 KB (bucket) or 28 KB (key) of it: what is left fits only the account-list shape. */
    private static ObjectNode padding(PolicyKind kind) {
        ObjectNode statement = MAPPER.createObjectNode().put("Sid", "ReportsReaders").put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", "arn:aws:iam::123456789012:role/reports");
        statement.put("Action", kind == PolicyKind.BUCKET ? "s3:GetObject" : "kms:Decrypt");
        ArrayNode resources = statement.putArray("Resource");
        int bytes = kind == PolicyKind.BUCKET ? 16_000 : 28_000;
        for (int i = 0; resources.toString().length() < bytes; i++) {
            resources.add(kind == PolicyKind.BUCKET ? TARGET.bucketArn() + "/reports/team-" + i + "/*"
                    : "arn:aws:kms:eu-west-1:123456789012:key/reports-" + i);
        }
        return statement;
    }

    private static ObjectNode foreign(Random random, PolicyKind kind) {
        String resource = kind == PolicyKind.BUCKET ? TARGET.bucketArn() + "/*" : kind == PolicyKind.KEY ? "*" : BUS;
        String action = kind == PolicyKind.BUCKET ? "s3:PutObject" : kind == PolicyKind.KEY ? "kms:GenerateDataKey*"
                : "events:PutEvents";
        String json = pick(random,
                "{'Sid':'Theirs','Effect':'Allow','Principal':{'Service':'cloudtrail.amazonaws.com'},'Action':'%s',"
                        + "'Resource':'%s','Condition':{'StringEquals':{'aws:SourceAccount':'123456789012'}}}",
                "{'Sid':'NoTls','Effect':'Deny','Principal':'*','Action':'%s','Resource':'%s',"
                        + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}}",
                "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},'Action':'%s','Resource':'%s'}");
        try {
            return (ObjectNode) MAPPER.readTree(json.formatted(action, resource).replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Requests for trails and accounts the registry does not name: the strangers' trails, their accounts' other
     * trails, the probes' foreign account, and registered accounts' trails of unregistered names (in their region and
     * another); with the probes of anyone else for a few members and the strangers.
     */
    private static List<AccessRequest> outsiders(Random random, PolicyKind kind, List<Grantee> registered,
                                                 List<Grantee> strangers) {
        Set<String> registeredAccounts = registered.stream().map(Grantee::accountId).collect(Collectors.toSet());
        Map<String, Grantee> trails = new LinkedHashMap<>();
        for (Grantee stranger : strangers) {
            trails.put(stranger.trailArn(), stranger);
            for (String name : List.of(pick(random, REGISTERED_NAMES.toArray(String[]::new)), "evil-trail")) {
                add(trails, stranger.accountId(), stranger.region(), name);
            }
        }
        add(trails, CloudTrailRequirements.FOREIGN_ACCOUNT, "eu-west-1", "org-trail");
        List<Grantee> sampled = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sampled.add(registered.get(random.nextInt(registered.size())));
        }
        for (Grantee member : sampled) {
            add(trails, member.accountId(), member.region(), "evil-trail");
            add(trails, member.accountId(), pick(random, REGIONS.toArray(String[]::new)), "org-inc");
        }
        List<AccessRequest> requests = new ArrayList<>();
        for (Grantee trail : trails.values()) {
            // Named by the registry (see the class comment): the account, and for writes and data keys the name.
            boolean account = registeredAccounts.contains(trail.accountId());
            boolean named = account && REGISTERED_NAMES.contains(trail.trailName());
            for (Grant grant : Grant.of(kind)) {
                boolean byAccountAlone = grant == Grant.ACL_CHECK || grant == Grant.DESCRIBE || grant == Grant.PUT_EVENTS;
                if (grant != Grant.DECRYPT && !(byAccountAlone ? account : named)) {
                    List<Call> calls = grant.requirement(TARGET, trail).calls();
                    calls(requests, calls.subList(0, Math.min(2, calls.size()))); // the write: its home region
                }
            }
        }
        List<Grantee> probed = List.of(sampled.get(0), strangers.get(0));
        for (Grantee grantee : probed) {
            switch (kind) {
                case BUCKET -> CloudTrailRequirements.bucketProbes(TARGET, grantee).forEach(p -> requests.add(p.request()));
                case KEY -> CloudTrailRequirements.keyProbes(TARGET, grantee).forEach(p -> requests.add(p.request()));
                case EVENT_BUS -> requests.add(EventBusRequirements.otherEvents(TARGET, grantee));
            }
        }
        if (kind == PolicyKind.EVENT_BUS) {
            EventBusRequirements.probes(TARGET).forEach(p -> requests.add(p.request()));
        }
        return requests;
    }

    private static void add(Map<String, Grantee> trails, String account, String region, String name) {
        Grantee trail = new Grantee(account, Arn.trail("aws", region, account, name));
        trails.putIfAbsent(trail.trailArn(), trail);
    }

    private static void calls(List<AccessRequest> requests, List<Call> calls) {
        calls.forEach(call -> requests.add(call.request()));
    }

    /** Distinct accounts (never the audit account or the probes' foreign one), with these names and any region. */
    private static List<Grantee> trails(Random random, int count, List<String> names) {
        Map<String, Grantee> byAccount = new LinkedHashMap<>();
        while (byAccount.size() < count) {
            String account = Long.toString(200_000_000_000L + (long) (random.nextDouble() * 700_000_000_000L));
            byAccount.putIfAbsent(account, new Grantee(account, Arn.trail("aws", pick(random, REGIONS.toArray(String[]::new)),
                    account, pick(random, names.toArray(String[]::new)))));
        }
        return new ArrayList<>(byAccount.values());
    }

    private static boolean allowed(PolicyDocument policy, AccessRequest request) {
        return PolicyEvaluator.decide(policy, request).decision() == dev.trailauditor.policy.PolicyDecision.Decision.ALLOWED;
    }

    private static String describe(AccessRequest request) {
        return request.principal().name() + " " + request.action() + " " + request.resource() + " " + request.context();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
