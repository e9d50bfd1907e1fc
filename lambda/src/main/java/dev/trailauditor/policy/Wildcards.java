package dev.trailauditor.policy;

/** IAM wildcard matching: '*' is any run of characters (including '/' and ':'), '?' is one character. */
public final class Wildcards {
    private Wildcards() {}

    public static boolean matches(String pattern, String text, boolean ignoreCase) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                textAtStar = t;
            } else if (p < pattern.length() && sameChar(pattern.charAt(p), text.charAt(t), ignoreCase)) {
                p++;
                t++;
            } else if (starAt >= 0) {
                // Let the last '*' swallow one more character and retry from there.
                p = starAt + 1;
                t = ++textAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * ArnLike/ArnEquals: each of the six colon-separated ARN parts is matched on its own,
     * so a '*' in the region cannot swallow the account. A bare "*" matches any ARN.
     */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length != 6 || arnParts.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(patternParts[i], arnParts[i], false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameChar(char patternChar, char textChar, boolean ignoreCase) {
        if (patternChar == PolicyVariables.LITERAL_STAR || patternChar == PolicyVariables.LITERAL_QUESTION) {
            return textChar == (patternChar == PolicyVariables.LITERAL_STAR ? '*' : '?');
        }
        return patternChar == '?'
                || patternChar == textChar
                || (ignoreCase && Character.toLowerCase(patternChar) == Character.toLowerCase(textChar));
    }
}
