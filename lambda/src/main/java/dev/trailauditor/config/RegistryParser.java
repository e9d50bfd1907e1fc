package dev.trailauditor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the member registry: a JSON array of
 * {@code {"accountId", "name"?, "trailName"?, "homeRegion"?, "roleName"?, "createTrail"?}}.
 * Problems name the variable and the entry, so a person finds the line to fix.
 */
final class RegistryParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("accountId", "name", "trailName", "homeRegion", "roleName", "createTrail");

    /**
     * @param partition the central key's: every member's trail ARN is in it
     * @param auditTrailName the audit account's trail, the only one there the function's role may read and repair
     * @param assumableRoleNames the IAM wildcard every roleName must match (the function's role may assume only those); empty: any
     */
    record Defaults(String partition, String trailName, String homeRegion, String roleName, String auditAccountId,
                    String auditTrailName, Optional<String> assumableRoleNames) {}

    private RegistryParser() {}

    /** The registry's JSON text as a tree, or null after adding the problem (where the text is not JSON). */
    static JsonNode tree(String json, String variable, List<String> problems) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add(variable + " is not valid JSON: " + ParseErrors.message(e) + " (" + ParseErrors.position(e) + ")");
            return null;
        }
    }

    /** @param root the registry as parsed (from the variable's text, or written as a list in a settings file) */
    static List<Member> parse(JsonNode root, String variable, Defaults defaults, List<String> problems) {
        if (root == null || !root.isArray()) {
            problems.add(variable + " must be a JSON array of members, like [{\"accountId\": \"222222222222\"}]");
            return List.of();
        }
        if (root.isEmpty()) {
            problems.add(variable + " lists no members: register at least one account");
            return List.of();
        }
        List<Member> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String where = variable + " entry " + (i + 1);
            Member member = member(root.get(i), where, defaults, problems);
            if (member != null && !seen.add(member.accountId())) {
                problems.add(where + ": account " + member.accountId() + " is listed more than once");
            }
            if (member != null) {
                members.add(member);
            }
        }
        return members;
    }

    private static Member member(JsonNode entry, String where, Defaults defaults, List<String> problems) {
        if (!entry.isObject()) {
            problems.add(where + " must be an object with at least \"accountId\"");
            return null;
        }
        int before = problems.size();
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                problems.add(where + ": unknown field \"" + field + "\" (known: " + String.join(", ", sorted(FIELDS)) + ")");
            }
        }
        JsonNode id = entry.get("accountId");
        String account = null;
        if (id == null || id.isNull()) {
            problems.add(where + ": \"accountId\" is missing");
        } else if (id.isNumber()) {
            problems.add(where + ": " + Member.unquotedAccountId(id.asText()));
        } else {
            account = text(entry, "accountId", where, problems).orElse(null);
            if (account != null && !Rules.ACCOUNT_ID.matcher(account).matches()) {
                problems.add(where + ": accountId '" + account + "' must be 12 digits");
            }
        }
        Optional<String> name = text(entry, "name", where, problems);
        boolean audit = defaults.auditAccountId().equals(account);
        String trail = text(entry, "trailName", where, problems).orElse(audit ? defaults.auditTrailName() : defaults.trailName());
        if (audit && !trail.equals(defaults.auditTrailName())) {
            problems.add(where + ": account " + account + " is the audit account, whose trail the function's role may read"
                    + " and repair only by the name " + ConfigLoader.AUDIT_ACCOUNT_TRAIL_NAME + " gives, '"
                    + defaults.auditTrailName() + "', not '" + trail + "' (deploy with AuditAccountTrailName=" + trail
                    + ", or drop \"trailName\")");
        }
        if (trail != null && !Rules.isTrailName(trail)) {
            problems.add(where + ": trailName '" + trail + "' is not a valid trail name");
        }
        String region = text(entry, "homeRegion", where, problems).orElse(defaults.homeRegion());
        if (region != null && !Rules.isRegion(region)) {
            problems.add(where + ": homeRegion '" + region + "' is an unknown region");
        }
        Optional<String> roleOverride = text(entry, "roleName", where, problems);
        roleOverride.filter(r -> !Rules.ROLE_NAME.matcher(r).matches())
                .ifPresent(r -> problems.add(where + ": roleName '" + r + "' is not a valid IAM role name"));
        roleOverride.filter(r -> Rules.ROLE_NAME.matcher(r).matches()).ifPresent(r -> defaults.assumableRoleNames()
                .filter(pattern -> !Rules.roleNameMatches(pattern, r))
                .ifPresent(pattern -> problems.add(where + ": roleName '" + r + "' is not matched by "
                        + ConfigLoader.MEMBER_ROLE_NAME_PATTERN + " '" + pattern + "', so the function may not assume it"
                        + " (deploy with a MemberRoleNamePattern that matches it, or drop \"roleName\")")));
        if (roleOverride.isPresent() && audit) {
            problems.add(where + ": account " + account + " is the audit account, whose trail is read with the"
                    + " function's own role; remove \"roleName\"");
        }
        boolean createTrail = bool(entry, "createTrail", where, problems);
        return problems.size() == before
                ? Member.of(defaults.partition(), account, name, trail, region, roleOverride.orElse(defaults.roleName()), createTrail)
                : null;
    }

    private static Optional<String> text(JsonNode entry, String field, String where, List<String> problems) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(where + ": \"" + field + "\" must be a non-empty string, not " + value);
            return Optional.empty();
        }
        return Optional.of(value.asText().trim());
    }

    private static boolean bool(JsonNode entry, String field, String where, List<String> problems) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add(where + ": \"" + field + "\" must be true or false, not " + value);
        }
        return value.asBoolean();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
