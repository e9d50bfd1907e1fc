package dev.trailauditor.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * A JSON or YAML parse error as a person reads it: where (line and column) and what, one line,
 * without the parser's internals (source descriptions, echoed excerpts).
 */
public final class ParseErrors {
    /** Jackson's "(for Object starting at [Source: REDACTED ...; line: 2, column: 1])" and " at [Source: ...]". */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(for \\w+ starting )?at \\[Source: [^\\]]*\\]\\)?");

    private ParseErrors() {}

    /** Where the parser stopped: "line 2, column 23". */
    public static String position(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        return where == null ? "position unknown" : "line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /** What the parser says, in one line. */
    public static String message(JsonProcessingException e) {
        return message(e.getOriginalMessage());
    }

    /** SnakeYAML adds the position and an excerpt on lines of their own, indented; those are dropped. */
    private static String message(String original) {
        String text = String.join(", ", String.valueOf(original).lines()
                .filter(line -> !line.isBlank() && !line.startsWith(" ")).toList());
        return SOURCE.matcher(text).replaceAll("").trim();
    }
}
