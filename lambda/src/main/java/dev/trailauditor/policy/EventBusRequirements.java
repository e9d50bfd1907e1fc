package dev.trailauditor.policy;

import static dev.trailauditor.policy.CloudTrailRequirements.FOREIGN_ACCOUNT;
import static dev.trailauditor.policy.CloudTrailRequirements.SOURCE_ACCOUNT;
import static dev.trailauditor.policy.CloudTrailRequirements.SOURCE_ARN;
import static dev.trailauditor.policy.CloudTrailRequirements.keys;
import static dev.trailauditor.policy.CloudTrailRequirements.timed;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request a member's trail-change rule (member-role.yaml) makes on the audit account's event bus, and the
 * requests of others the bus policy must refuse.
 *
 * <p>A rule whose target is a bus of another account sends with the role it names: EventBridge assumes that role in
 * the member account and puts the event on the bus, which the receiving bus's policy must allow
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eventbridge-cross-account-event-delivery.html). The
 * request carries aws:SourceAccount and aws:SourceArn (the rule), events:source and events:detail-type
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/policy-keys-eventbridge.html).
 */
public final class EventBusRequirements {
    static final String PUT_EVENTS = "events:PutEvents";
    /** What member-role.yaml's rule forwards: CloudTrail's record of a management call. */
    static final String SOURCE = "aws.cloudtrail";
    static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    /** EventBridge's condition keys for an event's source and detail-type (the page cited above). */
    static final String SOURCE_KEY = "events:source";
    static final String DETAIL_TYPE_KEY = "events:detail-type";
    /** member-role.yaml names neither its role nor its rule by the stack alone; these stand for any such name. */
    private static final String FORWARD_ROLE = "trail-auditor-member-TrailEventsForwardRole-EXAMPLE";
    private static final String FORWARD_RULE = "trail-auditor-member-trail-changes";
    private static final Pattern IAM_ACCOUNT = Pattern.compile("arn:[^:]+:(?:iam|sts)::(\\d{12}):.+");

    private EventBusRequirements() {}

    /** bus-policy.put-events: the member's forwarding role may put its trail changes on the bus. */
    public static Requirement putEvents(CentralTarget target, Grantee member) {
        return new Requirement("account " + member.accountId() + " may put its trail changes on " + target.eventBusArn(),
                List.of(new Call("forwarding a trail change", forwarded(target, member.accountId(), member.region()))));
    }

    /**
     * Requests of others the bus policy must refuse. Anyone at all may flood the bus and start runs; an unregistered
     * account only starts re-checks, and the handler ignores events of accounts that are not registered.
     */
    public static List<Probe> probes(CentralTarget target) {
        return List.of(
                new Probe("anyone (Principal \"*\") may put events on the trail event bus",
                        timed(target, AccessRequest.of(RequestPrincipal.anonymous(), PUT_EVENTS, target.eventBusArn())),
                        Probe.Level.CRITICAL),
                new Probe("an unregistered account may put events on the trail event bus (it can only start re-checks,"
                        + " and re-checks ignore events of accounts that are not registered)",
                        forwarded(target, FOREIGN_ACCOUNT, target.keyRegion()), Probe.Level.MEDIUM));
    }

    /**
     * What the auditor's pinned statement refuses a registered member: a PutEvents whose entries are not all
     * CloudTrail's records of API calls (one forged entry beside a real one: a pin any one value satisfies lets it
     * in), which its forwarding rule never sends. Not an exposure probe: a member admitted by hand with PutPermission
     * (as the README shows) may put any event, and its events only start re-checks.
     */
    public static AccessRequest otherEvents(CentralTarget target, Grantee member) {
        return forwarded(target, member.accountId(), member.region())
                .withContext(Map.of(SOURCE_KEY, List.of(SOURCE, "custom.forged"),
                        DETAIL_TYPE_KEY, List.of(DETAIL_TYPE, "Forged Trail Change")));
    }

    /** PutEvents by the forwarding role of this account's rule, as EventBridge sends it from the rule's region. */
    private static AccessRequest forwarded(CentralTarget target, String account, String ruleRegion) {
        String session = "arn:" + target.partition() + ":sts::" + account + ":assumed-role/" + FORWARD_ROLE + "/forwarder";
        String rule = "arn:" + target.partition() + ":events:" + ruleRegion + ":" + account + ":rule/" + FORWARD_RULE;
        return timed(target, AccessRequest.of(RequestPrincipal.iam(session), PUT_EVENTS, target.eventBusArn()))
                .withContext(keys(SOURCE_ACCOUNT, account, SOURCE_ARN, rule, SOURCE_KEY, SOURCE,
                        DETAIL_TYPE_KEY, DETAIL_TYPE));
    }

    /**
     * Accounts that Allow statements let put events on the bus, by their AWS principals (account ids or ARNs of the
     * account), with the names of those statements: finds grants left for accounts that left the registry.
     */
    public static Map<String, List<String>> grantedAccounts(PolicyDocument policy) {
        return CloudTrailRequirements.grantedAccounts(policy, EventBusRequirements::accountsIn);
    }

    /** The accounts a statement names as principals, when it covers PutEvents; none otherwise. */
    static Set<String> accountsIn(Statement statement) {
        Set<String> accounts = new LinkedHashSet<>();
        if (statement.coversAction(PUT_EVENTS)) {
            for (String principal : statement.awsPrincipals()) {
                Matcher arn = IAM_ACCOUNT.matcher(principal);
                if (AccountIds.isAccountId(principal)) {
                    accounts.add(principal);
                } else if (arn.matches()) {
                    accounts.add(arn.group(1));
                }
            }
        }
        return accounts;
    }
}
