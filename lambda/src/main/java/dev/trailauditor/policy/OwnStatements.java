package dev.trailauditor.policy;

import static dev.trailauditor.policy.ManagedStatements.ACL_CHECK_SID;
import static dev.trailauditor.policy.ManagedStatements.DECRYPT_SID;
import static dev.trailauditor.policy.ManagedStatements.DESCRIBE_SID;
import static dev.trailauditor.policy.ManagedStatements.ENCRYPT_SID;
import static dev.trailauditor.policy.ManagedStatements.PUT_EVENTS_SID;
import static dev.trailauditor.policy.ManagedStatements.WRITE_SID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which statements of a central policy are the auditor's own. The Sid prefix is only the first sieve
 * ({@link ManagedStatements#isManaged}): a statement is the auditor's only if it means exactly what the auditor
 * writes ({@link ManagedStatements}) for the accounts and trails it names, in one of the shapes. It is regenerated for
 * them and compared by meaning ({@link PolicyMeaning}): a registered account with its registered trail; any trail by
 * an exact ARN (a stale account's, or a registered account's earlier trail); in the account-list shape, whose trail
 * names all listed accounts share, the registered trails' names, plus at most one literal trail name per listed
 * unregistered account (what the auditor wrote while that account was registered), never a wildcard. Principal,
 * Action, Resource, condition operators, keys and values must all be the auditor's. Anything else with the prefix is
 * an imitation: foreign, kept byte for byte, judged like every foreign statement and named as an imitation.
 */
public final class OwnStatements {
    /**
     * CloudTrail's trail names: letters, digits, periods, underscores and dashes, starting and ending with a letter
     * or digit, 3 to 128 characters (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).
     */
    private static final Pattern TRAIL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]");
    private static final Pattern PER_MEMBER_SID = Pattern.compile("(" + WRITE_SID + "|" + ENCRYPT_SID + ")(\\d{12})");
    private static final Map<String, Grant> GRANT_BY_SID = Map.of(ACL_CHECK_SID, Grant.ACL_CHECK, WRITE_SID, Grant.WRITE,
            DESCRIBE_SID, Grant.DESCRIBE, ENCRYPT_SID, Grant.ENCRYPT, DECRYPT_SID, Grant.DECRYPT, PUT_EVENTS_SID, Grant.PUT_EVENTS);

    private final List<Statement> own;
    private final List<Statement> imitations;
    private final List<String> staleAccounts;
    private final List<Grantee> staleTrails;
    private final List<Grantee> staleByAccount;

    private OwnStatements(List<Statement> own, List<Statement> imitations, List<String> staleAccounts,
                          List<Grantee> staleTrails, List<Grantee> staleByAccount) {
        this.own = List.copyOf(own);
        this.imitations = List.copyOf(imitations);
        this.staleAccounts = List.copyOf(staleAccounts);
        this.staleTrails = List.copyOf(staleTrails);
        this.staleByAccount = List.copyOf(staleByAccount);
    }

    /** @param registered the accounts this kind of policy must grant, with their trails */
    public static OwnStatements of(PolicyDocument policy, CentralTarget target, List<Grantee> registered) {
        Map<String, Grantee> byAccount = new LinkedHashMap<>();
        registered.forEach(g -> byAccount.putIfAbsent(g.accountId(), g));
        List<Statement> own = new ArrayList<>();
        List<Statement> imitations = new ArrayList<>();
        for (Statement statement : policy.statements()) {
            // A Deny is never the auditor's and lets no one in: foreign, but not named as an imitation.
            if (statement.sid() != null && statement.sid().startsWith(ManagedStatements.MANAGED_SID_PREFIX)
                    && statement.effect() == Effect.ALLOW) {
                (ManagedStatements.isManaged(statement) && means(statement, target, byAccount) ? own : imitations)
                        .add(statement);
            }
        }
        Set<String> stale = new TreeSet<>();
        Map<String, Grantee> staleTrails = new LinkedHashMap<>();
        for (Statement statement : own) {
            namedAccounts(statement).stream().filter(a -> !byAccount.containsKey(a)).forEach(stale::add);
            exactTrails(statement).stream().filter(t -> !byAccount.containsKey(t.accountId()))
                    .forEach(t -> staleTrails.putIfAbsent(t.trailArn(), t));
        }
        List<Grantee> trails = staleTrails.values().stream()
                .sorted(Comparator.comparing(Grantee::accountId).thenComparing(Grantee::trailArn)).toList();
        List<Grantee> accounts = stale.stream().map(a -> placeholder(target, a)).toList();
        return new OwnStatements(own, imitations, List.copyOf(stale), trails, accounts);
    }

    /** The auditor's statements, in policy order. */
    public List<Statement> own() {
        return own;
    }

    public boolean isOwn(Statement statement) {
        return own.contains(statement);
    }

    /** Allow statements whose Sid has the auditor's prefix but that are not the auditor's, in policy order. */
    public List<Statement> imitations() {
        return imitations;
    }

    /** Unregistered accounts the auditor's own statements grant, sorted. */
    public List<String> staleAccounts() {
        return staleAccounts;
    }

    /**
     * The stale grantees the auditor can write this grant again for, exactly: trails of unregistered accounts its
     * statements named by exact ARN, never rebuilt from a pattern read back from the policy. The decrypt and bus
     * grants name accounts alone, so for them the accounts are the exact values.
     */
    List<Grantee> stale(Grant grant) {
        return grant == Grant.DECRYPT || grant == Grant.PUT_EVENTS ? staleByAccount : staleTrails;
    }

    /** Does the statement mean exactly what the auditor writes, in some shape, for the accounts it names? */
    private static boolean means(Statement statement, CentralTarget target, Map<String, Grantee> registered) {
        ObjectNode json = statement.json();
        String sid = statement.sid();
        Matcher perMember = PER_MEMBER_SID.matcher(sid);
        if (perMember.matches()) {
            Grant grant = perMember.group(1).equals(WRITE_SID) ? Grant.WRITE : Grant.ENCRYPT;
            List<Grantee> trails = exactTrails(statement);
            return trails.size() == 1 && trails.get(0).accountId().equals(perMember.group(2))
                    && regenerated(grant, Shape.PER_MEMBER, target, trails, sid).map(s -> PolicyMeaning.same(json, s)).orElse(false);
        }
        Optional<Grant> grant = grantOf(sid);
        if (grant.isEmpty()) {
            return false;
        }
        if (grant.get() == Grant.PUT_EVENTS) {
            List<Grantee> accounts = namedAccounts(statement).stream().map(a -> placeholder(target, a)).toList();
            return !accounts.isEmpty() && (PolicyMeaning.same(json, ManagedStatements.putEvents(target, accounts, true))
                    || PolicyMeaning.same(json, ManagedStatements.putEvents(target, accounts, false)));
        }
        List<Grantee> listed = listedGrantees(statement, target, registered);
        Optional<List<Grantee>> compact = compactGrantees(statement, target, registered);
        return regenerated(grant.get(), Shape.LISTED, target, listed, sid).map(s -> PolicyMeaning.same(json, s)).orElse(false)
                || compact.flatMap(g -> regenerated(grant.get(), Shape.ACCOUNT_LIST, target, g, sid))
                .map(s -> PolicyMeaning.same(json, s)).orElse(false);
    }

    private static Optional<Grant> grantOf(String sid) {
        return Optional.ofNullable(GRANT_BY_SID.get(sid));
    }

    /** The statement of this Sid the auditor writes for these grantees in this shape; none without grantees. */
    private static Optional<ObjectNode> regenerated(Grant grant, Shape shape, CentralTarget target, List<Grantee> grantees,
                                                    String sid) {
        if (grantees.isEmpty()) {
            return Optional.empty();
        }
        List<Grantee> sorted = grantees.stream().sorted(Comparator.comparing(Grantee::accountId)).toList();
        return ManagedStatements.statementsFor(grant, shape, target, sorted).stream()
                .filter(s -> s.get("Sid").asText().equals(sid)).findFirst();
    }

    /**
     * The per-trail shapes name every trail by exact ARN; the decrypt grant names accounts only (in its encryption
     * context), so an account without a trail ARN stands for itself.
     */
    private static List<Grantee> listedGrantees(Statement statement, CentralTarget target, Map<String, Grantee> registered) {
        List<Grantee> grantees = new ArrayList<>(exactTrails(statement));
        Set<String> covered = grantees.stream().map(Grantee::accountId).collect(Collectors.toSet());
        namedAccounts(statement).stream().filter(a -> !covered.contains(a))
                .forEach(a -> grantees.add(registered.getOrDefault(a, placeholder(target, a))));
        return grantees;
    }

    /**
     * The account-list shape: accounts by aws:SourceAccount, trails by name. Registered accounts as registered; the
     * names no listed registered account has are given to the listed unregistered accounts, one each, and must be
     * literal trail names. Empty when that cannot be: more such names than unregistered accounts, or a wildcard.
     */
    private static Optional<List<Grantee>> compactGrantees(Statement statement, CentralTarget target,
                                                           Map<String, Grantee> registered) {
        List<String> accounts = sourceAccounts(statement);
        if (accounts.isEmpty()) {
            return Optional.of(List.of(placeholder(target, target.auditAccountId()))); // decrypt: about no account
        }
        Set<String> names = new LinkedHashSet<>();
        for (String pattern : values(statement, CloudTrailRequirements.SOURCE_ARN)) {
            String prefix = target.trailsNamed("");
            if (!pattern.startsWith(prefix) || !TRAIL_NAME.matcher(pattern.substring(prefix.length())).matches()) {
                return Optional.empty();
            }
            names.add(pattern.substring(prefix.length()));
        }
        List<Grantee> grantees = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        for (String account : accounts) {
            Grantee grantee = registered.get(account);
            if (grantee != null) {
                grantees.add(grantee);
                names.remove(grantee.trailName());
            } else {
                unregistered.add(account);
            }
        }
        if (names.size() > unregistered.size()) {
            return Optional.empty();
        }
        List<String> extra = new ArrayList<>(names);
        String any = grantees.isEmpty() ? (extra.isEmpty() ? "trail" : extra.get(0)) : grantees.get(0).trailName();
        for (int i = 0; i < unregistered.size(); i++) {
            String name = i < extra.size() ? extra.get(i) : any;
            grantees.add(new Grantee(unregistered.get(i), Arn.trail(target.partition(), target.keyRegion(), unregistered.get(i), name)));
        }
        return Optional.of(grantees);
    }

    /** Trails named by exact ARN in aws:SourceArn (no wildcard), in order. */
    private static List<Grantee> exactTrails(Statement statement) {
        Map<String, Grantee> trails = new LinkedHashMap<>();
        for (String value : values(statement, CloudTrailRequirements.SOURCE_ARN)) {
            if (!value.contains("*") && !value.contains("?") && !value.contains("$")) {
                Arn.parse(value).filter(arn -> arn.isTrail() && AccountIds.isAccountId(arn.accountId())
                                && TRAIL_NAME.matcher(arn.trailName()).matches())
                        .ifPresent(arn -> trails.putIfAbsent(value, Grantee.of(arn)));
            }
        }
        return List.copyOf(trails.values());
    }

    private static List<String> sourceAccounts(Statement statement) {
        return values(statement, CloudTrailRequirements.SOURCE_ACCOUNT).stream().filter(AccountIds::isAccountId).toList();
    }

    /** Every account the statement names: log paths, trail ARNs and patterns, aws:SourceAccount; the bus grant's principals. */
    private static Set<String> namedAccounts(Statement statement) {
        return statement.sid().equals(PUT_EVENTS_SID) ? EventBusRequirements.accountsIn(statement)
                : CloudTrailRequirements.accountsIn(statement);
    }

    private static List<String> values(Statement statement, String key) {
        return statement.conditions().stream().filter(c -> c.key().equalsIgnoreCase(key))
                .flatMap(c -> c.values().stream()).toList();
    }

    /** A grantee for an account whose grant does not depend on its trail (decrypt, the bus). */
    private static Grantee placeholder(CentralTarget target, String account) {
        return new Grantee(account, Arn.trail(target.partition(), target.keyRegion(), account, "trail"));
    }
}
