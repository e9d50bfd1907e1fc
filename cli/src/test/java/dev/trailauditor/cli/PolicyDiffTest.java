package dev.trailauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyDiffTest {

    @Test
    void showsStatementsThatWentAndCameNotThoseKept() {
        String before = "{\"Statement\":[{\"Sid\":\"Keep\"},{\"Sid\":\"Old\"}]}";
        String after = "{\"Statement\":[{\"Sid\":\"Keep\"},{\"Sid\":\"New\"}]}";

        assertThat(PolicyDiff.lines(before, after)).containsExactly("- {\"Sid\":\"Old\"}", "+ {\"Sid\":\"New\"}");
    }

    @Test
    void noPolicyBeforeAndASingleStatementObject() {
        assertThat(PolicyDiff.lines("", "{\"Statement\":{\"Sid\":\"Only\"}}")).containsExactly("+ {\"Sid\":\"Only\"}");
    }
}
