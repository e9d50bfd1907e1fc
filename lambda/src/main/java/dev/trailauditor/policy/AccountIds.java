package dev.trailauditor.policy;

import java.util.regex.Pattern;

/** Small helpers about 12-digit account ids and the ARNs that carry them. */
final class AccountIds {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private AccountIds() {}

    static boolean isAccountId(String text) {
        return text != null && ACCOUNT_ID.matcher(text).matches();
    }

    /** The account part of an ARN ("arn:partition:service:region:account:resource"), or null. */
    static String accountOfArn(String arn) {
        return Arn.parse(arn).map(Arn::accountId).filter(AccountIds::isAccountId).orElse(null);
    }
}
