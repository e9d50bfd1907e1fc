package dev.trailauditor.check;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One check's result: what was expected, what was found.
 *
 * @param account  the member the result is about; null for results about the central key alone
 * @param severity the check's own, unless the finding sets it (an exposure is as grave as who gets in)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = {"title"}, allowGetters = true) // written for readers, derived from the check
public record CheckResult(Check check, String account, Outcome outcome, String expected, String actual,
                          Severity severity) {

    public CheckResult {
        severity = severity == null ? check.severity() : severity;
    }

    public CheckResult(Check check, String account, Outcome outcome, String expected, String actual) {
        this(check, account, outcome, expected, actual, null);
    }

    public static CheckResult pass(Check check, String account, String expected, String actual) {
        return new CheckResult(check, account, Outcome.PASS, expected, actual);
    }

    public static CheckResult fail(Check check, String account, String expected, String actual) {
        return new CheckResult(check, account, Outcome.FAIL, expected, actual);
    }

    public static CheckResult unreachable(Check check, String account, String expected, String reason) {
        return new CheckResult(check, account, Outcome.UNREACHABLE, expected, reason);
    }

    /** PASS when the found value is the expected one, FAIL otherwise. */
    public static CheckResult compare(Check check, String account, String expected, String actual) {
        return new CheckResult(check, account, expected.equals(actual) ? Outcome.PASS : Outcome.FAIL, expected, actual);
    }

    @JsonProperty
    public String title() {
        return check.title();
    }
}
