package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One policy statement: its original JSON (kept untouched, so a rewrite can preserve statements
 * it does not manage) and a normalised view used to decide what it applies to.
 */
public final class Statement {
    private final ObjectNode json;
    private final int index;
    private final String sid;
    private final Effect effect;
    private final PrincipalElement principal;
    private final PatternList actions;
    private final PatternList resources;
    private final List<ConditionClause> conditions;

    /** Policy variables are resolved only in policies of Version 2012-10-17; earlier ones read them as text. */
    private final boolean variables;

    private Statement(ObjectNode json, int index, boolean variables) {
        this.variables = variables;
        String where = "statement #" + (index + 1);
        this.json = json;
        this.index = index;
        this.sid = JsonValues.optionalText(json, "Sid", where);
        String effectText = JsonValues.optionalText(json, "Effect", where);
        if (effectText == null) {
            throw new PolicyParseException(where + " has no Effect (expected Allow or Deny)");
        }
        this.effect = Effect.parse(effectText, where);
        this.principal = PrincipalElement.parse(json, where);
        this.actions = PatternList.parse(json, "Action", "NotAction", where);
        this.resources = PatternList.parse(json, "Resource", "NotResource", where);
        this.conditions = ConditionClause.parseAll(json.get("Condition"), where);
    }

    static Statement parse(ObjectNode json, int index, boolean variables) {
        return new Statement(json, index, variables);
    }

    /** A copy of the statement exactly as written. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** The Sid, or null when the statement has none. */
    public String sid() {
        return sid;
    }

    public Effect effect() {
        return effect;
    }

    /** Zero-based position in the policy's Statement list. */
    public int index() {
        return index;
    }

    /** The Sid, or "#n" (1-based position) for a statement without one. */
    public String name() {
        return sid != null ? sid : "#" + (index + 1);
    }

    /**
     * Does this statement cover the request: principal, action, resource and every condition match?
     * The effect is not considered. A statement lacking Principal, Action or Resource covers nothing
     * (resource policies require all three).
     */
    public boolean applies(AccessRequest request) {
        return principal != null && principal.matches(request.principal())
                && actions != null && actions.matches(request.action(), true)
                && resources != null && resources.matches(request.resource(), false,
                        pattern -> variables ? PolicyVariables.resolve(pattern, request, true) : Optional.of(pattern))
                && conditions.stream().allMatch(condition -> condition.matches(request, variables));
    }

    /** Is the statement's Principal explicitly this service (e.g. cloudtrail.amazonaws.com)? */
    boolean namesService(String service) {
        return principal != null && principal.namesService(service);
    }

    /** Does its Action (or NotAction) cover this action? */
    boolean coversAction(String action) {
        return actions != null && actions.matches(action, true);
    }

    /** The values of its Principal's AWS entry (account ids, ARNs, "*"); none for NotPrincipal or another type. */
    List<String> awsPrincipals() {
        return principal == null || principal.negated() ? List.of() : principal.byType().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("AWS")).flatMap(e -> e.getValue().stream()).toList();
    }

    /** Resource patterns it grants (none for NotResource, which names what it does not grant). */
    List<String> grantedResources() {
        return resources == null || resources.negated() ? List.of() : resources.patterns();
    }

    List<ConditionClause> conditions() {
        return conditions;
    }

    /** Does some condition of this statement test the key (in any case)? */
    boolean constrains(String conditionKey) {
        return conditions.stream().anyMatch(condition -> condition.key().equalsIgnoreCase(conditionKey));
    }

    @Override
    public String toString() {
        return "Statement " + name() + " (" + effect + ")";
    }
}
