package dev.trailauditor.policy;

/** The Effect of a policy statement. */
public enum Effect {
    ALLOW,
    DENY;

    /** Reads an Effect value; AWS writes "Allow"/"Deny", other casings are read leniently. */
    static Effect parse(String text, String where) {
        if ("Allow".equalsIgnoreCase(text)) {
            return ALLOW;
        }
        if ("Deny".equalsIgnoreCase(text)) {
            return DENY;
        }
        throw new PolicyParseException(where + " has Effect '" + text + "'; expected Allow or Deny");
    }
}
