package dev.trailauditor.policy;

/** The Effect of a policy statement. */
public enum Effect {
    ALLOW,
    DENY;

    /**
     * Reads an Effect value: exactly "Allow" or "Deny", as IAM's grammar has it
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html).
     * Any other spelling is an error, never a guess: a misread Deny would hide a block.
     */
    static Effect parse(String text, String where) {
        if ("Allow".equals(text)) {
            return ALLOW;
        }
        if ("Deny".equals(text)) {
            return DENY;
        }
        throw new PolicyParseException(where + " has Effect '" + text + "'; expected Allow or Deny");
    }
}
