package dev.trailauditor.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Accounts that the auditor's own statements grant but the registry no longer lists, as grantees
 * so they can be kept when stale grants are not to be removed.
 */
final class StaleGrantees {
    private static final Pattern TRAIL_NAME_PATTERN = Pattern.compile("arn:[^:]+:cloudtrail:\\*:\\*:trail/(.+)");

    private StaleGrantees() {}

    /** The unregistered accounts named by these (managed) statements, sorted. */
    static List<String> accounts(List<Statement> managed, List<Grantee> registered) {
        Set<String> known = registered.stream().map(Grantee::accountId).collect(Collectors.toSet());
        Set<String> stale = new TreeSet<>();
        managed.forEach(statement -> {
            stale.addAll(CloudTrailRequirements.accountsIn(statement));
            stale.addAll(EventBusRequirements.accountsIn(statement));
        });
        stale.removeAll(known);
        return List.copyOf(stale);
    }

    /**
     * A grantee per stale account. Its trail ARN is the one a statement names in aws:SourceArn; the
     * account-list shape names none, so the ARN is rebuilt from the account, the first trail-name
     * pattern (else the first registered trail's name) and the first registered trail's region (else
     * the key's). That is enough: the rebuilt grantee only has to regenerate the same grants, and the
     * account-list shape does not depend on the region. An account whose trail name cannot be found
     * is dropped (it is still reported as stale).
     */
    static List<Grantee> of(List<Statement> managed, List<Grantee> registered, CentralTarget target) {
        Map<String, Arn> trailByAccount = new LinkedHashMap<>();
        List<String> trailNames = new ArrayList<>();
        for (Statement statement : managed) {
            for (ConditionClause condition : statement.conditions()) {
                if (condition.key().equalsIgnoreCase(CloudTrailRequirements.SOURCE_ARN)) {
                    condition.values().forEach(value -> readSourceArn(value, trailByAccount, trailNames));
                }
            }
        }
        registered.forEach(grantee -> trailNames.add(grantee.trailName()));
        String region = registered.isEmpty() ? target.keyRegion() : registered.get(0).region();
        List<Grantee> grantees = new ArrayList<>();
        for (String account : accounts(managed, registered)) {
            Arn trail = trailByAccount.get(account);
            if (trail == null && !trailNames.isEmpty()) {
                trail = Arn.trail(target.partition(), region, account, trailNames.get(0));
            }
            if (trail != null) {
                grantees.add(new Grantee(account, trail));
            }
        }
        return grantees;
    }

    private static void readSourceArn(String value, Map<String, Arn> trailByAccount, List<String> trailNames) {
        Matcher namePattern = TRAIL_NAME_PATTERN.matcher(value);
        if (namePattern.matches()) {
            trailNames.add(namePattern.group(1));
            return;
        }
        Arn.parse(value).filter(arn -> AccountIds.isAccountId(arn.accountId()) && arn.resource().startsWith("trail/")
                        && !value.contains("*") && !value.contains("?"))
                .ifPresent(arn -> trailByAccount.putIfAbsent(arn.accountId(), arn));
    }
}
