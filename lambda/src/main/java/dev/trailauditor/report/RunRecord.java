package dev.trailauditor.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailauditor.check.Check;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one report says, as two runs are compared: read from the report's JSON, the form it is kept in, so that a report
 * written by an earlier or later version of the auditor (with other check ids) still reads.
 *
 * @param accounts the audited accounts' labels by id, in report order
 * @param results every check result, trail checks and central checks alike
 */
record RunRecord(String runId, Instant startedAt, Map<String, String> accounts, List<Result> results) {

    /** Exposure checks yield one finding per way in: their detail, less the members it lists, tells them apart. */
    private static final Set<String> SEVERAL_PER_ACCOUNT = Arrays.stream(Check.values()).filter(Check::exposure)
            .map(Check::id).collect(Collectors.toUnmodifiableSet());
    private static final String MEMBERS_LIST = " (members ";

    record Result(String check, String account, String outcome, String severity, String actual) {
        boolean open() {
            return outcome.equals("FAIL") || outcome.equals("UNREACHABLE");
        }

        Changes.Finding finding() {
            String detail = null;
            if (SEVERAL_PER_ACCOUNT.contains(check) && outcome.equals("FAIL") && actual != null) {
                int members = actual.lastIndexOf(MEMBERS_LIST);
                detail = members < 0 ? actual : actual.substring(0, members);
            }
            return new Changes.Finding(check, account, detail, severity, outcome);
        }

        /** Whether this run looked at the check for that account at all. */
        String evaluated() {
            return check + "|" + account;
        }
    }

    /** A result of this run as the comparison keys it: its account is the finding's subject (null for the central key). */
    static Changes.Finding finding(dev.trailauditor.check.CheckResult result) {
        return new Result(result.check().id(), result.account(), result.outcome().name(), result.severity().name(),
                result.actual()).finding();
    }

    static RunRecord of(Report report) {
        return of(Json.MAPPER.valueToTree(report));
    }

    /** @throws IllegalArgumentException naming what the JSON lacks to be a report */
    static RunRecord of(JsonNode report) {
        String runId = text(report, "runId");
        Instant startedAt;
        try {
            startedAt = Instant.parse(text(report, "startedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its startedAt is not a time: " + report.get("startedAt"));
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (JsonNode account : array(report, "accounts")) {
            String id = text(account, "accountId");
            accounts.put(id, account.hasNonNull("name") ? account.get("name").asText() + " (" + id + ")" : id);
            array(account, "checks").forEach(check -> results.add(result(check, id)));
        }
        array(report.path("central"), "checks")
                .forEach(check -> results.add(result(check, check.hasNonNull("account") ? check.get("account").asText() : null)));
        return new RunRecord(runId, startedAt, accounts, results);
    }

    private static Result result(JsonNode check, String account) {
        return new Result(text(check, "check"), account, text(check, "outcome"), check.path("severity").asText(null),
                check.path("actual").asText(null));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("it has no " + field);
        }
        return value.asText();
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("it has no " + field + " list");
        }
        return value;
    }
}
