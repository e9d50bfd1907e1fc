package dev.trailauditor.policy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy variables ({@code ${aws:SourceAccount}}, {@code ${aws:PrincipalAccount, 'none'}}) in
 * Resource and condition values, resolved from the request as IAM does for policies of Version
 * 2012-10-17 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * a key the request lacks, or that has several values, leaves the variable unresolved and the
 * text matches nothing unless a default is given; ${*}, ${?} and ${$} stand for those characters.
 */
final class PolicyVariables {
    /** In a wildcard pattern, the literal '*' and '?' of ${*} and ${?} (see {@link Wildcards}). */
    static final char LITERAL_STAR = '\u0001';
    static final char LITERAL_QUESTION = '\u0002';

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern WITH_DEFAULT = Pattern.compile("\\s*([^,\\s]+)\\s*,\\s*'([^']*)'\\s*");

    private PolicyVariables() {}

    /** @param pattern true when the text is a wildcard pattern (Resource, StringLike...): '*' from ${*} must stay literal */
    static Optional<String> resolve(String text, AccessRequest request, boolean pattern) {
        if (text.indexOf("${") < 0) {
            return Optional.of(text);
        }
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            Optional<String> value = value(variable.group(1).trim(), request, pattern);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            variable.appendReplacement(resolved, Matcher.quoteReplacement(value.get()));
        }
        variable.appendTail(resolved);
        return Optional.of(resolved.toString());
    }

    private static Optional<String> value(String inner, AccessRequest request, boolean pattern) {
        switch (inner) {
            case "*":
                return Optional.of(pattern ? String.valueOf(LITERAL_STAR) : "*");
            case "?":
                return Optional.of(pattern ? String.valueOf(LITERAL_QUESTION) : "?");
            case "$":
                return Optional.of("$");
            default:
                break;
        }
        Matcher withDefault = WITH_DEFAULT.matcher(inner);
        String key = withDefault.matches() ? withDefault.group(1) : inner;
        Optional<String> fallback = withDefault.matches() ? Optional.of(withDefault.group(2)) : Optional.empty();
        Optional<List<String>> values = request.contextValues(key);
        return values.filter(v -> v.size() == 1).map(v -> v.get(0)).or(() -> fallback);
    }
}
