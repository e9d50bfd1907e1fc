package dev.trailauditor.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a change of the bucket or key policy stops letting in a trail that delivers today: CloudTrail's requests for
 * that trail's file, allowed before through a statement the change removes, and not allowed after. Pure.
 *
 * <p>Which trail of the account it is, the files do not say (log file names carry no trail name), so every trail ARN
 * the removed statements could mean for the account is tried: each ARN pattern in their conditions made concrete for
 * it, and one named by no pattern. One of them let in is enough: a trail is never assumed safe only because its name
 * was not guessed.
 */
public final class DeliveryCutOff {
    /** The name of the trail no pattern names. */
    static final String ANY_TRAIL = "trail";
    private static final Pattern SOURCE_ACCOUNT_VARIABLE = Pattern.compile("\\$\\{aws:SourceAccount}", Pattern.CASE_INSENSITIVE);

    private DeliveryCutOff() {}

    /**
     * @param removed the statements of {@code before} the change removes or replaces
     * @param account an account that delivered a file of this kind into {@code region}'s folder
     * @param digest  a digest file (SSE-S3: the key is not asked for it), else a log file
     */
    public static boolean cutsOff(PolicyKind kind, CentralTarget target, PolicyDocument before, PolicyDocument after,
                                  List<Statement> removed, String account, String region, boolean digest) {
        if (removed.isEmpty() || (kind == PolicyKind.KEY && digest)) {
            return false;
        }
        for (Grantee trail : trails(target, removed, account, region)) {
            List<AccessRequest> requests = kind == PolicyKind.KEY ? CloudTrailRequirements.keyDelivery(target, trail, region)
                    : CloudTrailRequirements.bucketDelivery(target, trail, region, digest);
            for (AccessRequest request : requests) {
                PolicyDecision was = PolicyEvaluator.decide(before, request);
                if (was.allowed() && was.statements().stream().anyMatch(removed::contains)
                        && !PolicyEvaluator.decide(after, request).allowed()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The trails of the account the removed statements may let in: one per trail ARN pattern in their conditions, and one more. */
    static List<Grantee> trails(CentralTarget target, List<Statement> removed, String account, String region) {
        Set<Grantee> trails = new LinkedHashSet<>();
        for (Statement statement : removed) {
            for (ConditionClause condition : statement.conditions()) {
                for (String value : condition.values()) {
                    concreteTrail(value, target.partition(), account, region).ifPresent(trails::add);
                }
            }
        }
        trails.add(Grantee.of(Arn.trail(target.partition(), region, account, ANY_TRAIL)));
        return List.copyOf(trails);
    }

    /**
     * A trail ARN of the account that the pattern matches, if it can match one: each wildcard part made concrete
     * ('*' and '?' become "x", a region that matches the folder's becomes it; ${aws:SourceAccount}, the account).
     */
    private static Optional<Grantee> concreteTrail(String value, String partition, String account, String region) {
        String pattern = SOURCE_ACCOUNT_VARIABLE.matcher(value).replaceAll(Matcher.quoteReplacement(account));
        String[] parts = pattern.split(":", 6);
        if (parts.length != 6 || !Wildcards.matches(parts[0], "arn", false) || !Wildcards.matches(parts[1], partition, false)
                || !Wildcards.matches(parts[2], "cloudtrail", false) || !Wildcards.matches(parts[4], account, false)) {
            return Optional.empty();
        }
        String home = Wildcards.matches(parts[3], region, false) ? region : concrete(parts[3]);
        String resource = concrete(parts[5]);
        if (!resource.startsWith("trail/") || resource.length() == "trail/".length() || home.isEmpty()) {
            return Optional.empty();
        }
        Arn trail = Arn.trail(partition, home, account, resource.substring("trail/".length()));
        return Wildcards.arnMatches(pattern, trail.toString()) ? Optional.of(Grantee.of(trail)) : Optional.empty();
    }

    private static String concrete(String part) {
        return part.replace('*', 'x').replace('?', 'x');
    }
}
