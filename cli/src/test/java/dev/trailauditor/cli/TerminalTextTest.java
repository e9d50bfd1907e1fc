package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void theWidthIsColumnsOrAHundred() {
        assertThat(TerminalText.width(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(TerminalText.width(Map.of())).isEqualTo(100);
        assertThat(TerminalText.width(Map.of("COLUMNS", "wide"))).isEqualTo(100);
        assertThat(TerminalText.width(Map.of("COLUMNS", "12"))).as("too narrow to read").isEqualTo(TerminalText.MIN_WIDTH);
    }

    @Test
    void aLongLineBreaksAtSpacesAndContinuesIndentedUnderIt() {
        String wrapped = TerminalText.wrap("  FAIL   HIGH   trail.logging: expected logging; found stopped since yesterday\nshort\n", 40);

        assertThat(wrapped).isEqualTo("""
                  FAIL   HIGH   trail.logging: expected
                      logging; found stopped since
                      yesterday
                short
                """);
    }

    @Test
    void aJsonStatementBreaksAfterCommasIndentedUnderTheStatement() {
        String statement = "{\"Sid\":\"TrailAuditorWrite222222222222\",\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\"}";

        String wrapped = TerminalText.wrap("  + " + statement, 44);

        assertThat(wrapped).isEqualTo("  + {\"Sid\":\"TrailAuditorWrite222222222222\",\n"
                + "    \"Effect\":\"Allow\",\n"
                + "    \"Action\":\"s3:PutObject\"}");
        assertThat(wrapped.replace("\n    ", "")).isEqualTo("  + " + statement);
    }

    @Test
    void aWordLongerThanTheLineIsCutAndNothingIsLost() {
        String arn = "arn:aws:s3:::central-trail-logs/org/AWSLogs/555555555555/CloudTrail/us-east-1/2026/11/29/x.json.gz";

        String wrapped = TerminalText.wrap("found " + arn, 40);

        assertThat(wrapped.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40));
        assertThat(wrapped.lines().map(String::strip).reduce("", (a, b) -> a.isEmpty() ? b : a + (a.equals("found") ? " " : "") + b))
                .isEqualTo("found " + arn);
    }
}
