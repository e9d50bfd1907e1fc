package dev.trailauditor.cli;

import java.util.Map;

/**
 * Text fitted to a terminal: every line longer than the width is broken at a space, or after a comma or
 * brace (JSON policy statements have no spaces), or inside a long ARN, or anywhere if it must. The rest of a line is indented under
 * its content: under the statement after a "+ ", "- ", "~ " or "-> " marker, else four columns in.
 */
final class TerminalText {
    /** The width when COLUMNS does not say: what a pipe, a file or a CI log gets. */
    static final int DEFAULT_WIDTH = 100;
    /** Narrower than this, a wrapped report would be unreadable anyway. */
    static final int MIN_WIDTH = 40;
    private static final String[] MARKERS = {"+ ", "- ", "~ ", "-> "};

    private TerminalText() {}

    /** COLUMNS as the shell exports it, else {@link #DEFAULT_WIDTH}. */
    static int width(Map<String, String> environment) {
        try {
            return Math.max(MIN_WIDTH, Integer.parseInt(environment.getOrDefault("COLUMNS", "").trim()));
        } catch (NumberFormatException unset) {
            return DEFAULT_WIDTH;
        }
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8);
        text.lines().forEach(line -> wrapLine(line, width, out));
        return text.endsWith("\n") || text.isEmpty() ? out.toString() : out.substring(0, out.length() - 1);
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        String indent = " ".repeat(Math.min(continuationIndent(line), width / 2));
        String rest = line;
        boolean first = true;
        while ((first ? 0 : indent.length()) + rest.length() > width) {
            int room = width - (first ? 0 : indent.length());
            int cut = breakAt(rest, room, first ? indent.length() + 1 : 1);
            out.append(first ? "" : indent).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
        out.append(first ? "" : indent).append(rest).append('\n');
    }

    /**
     * The last space, or the last place after a comma or brace, that keeps the piece within room; failing
     * those, after the last '/' or ':' (a long ARN or S3 key); failing all, a hard cut at room.
     */
    private static int breakAt(String text, int room, int earliest) {
        int cut = lastBreak(text, room, earliest, " ", ",{");
        if (cut < 0) {
            cut = lastBreak(text, room, earliest, "", "/:");
        }
        return cut < 0 ? room : cut;
    }

    /** The last i from room down to earliest where the text has one of before at i, or one of after just before i. */
    private static int lastBreak(String text, int room, int earliest, String before, String after) {
        for (int i = room; i >= earliest; i--) {
            if (before.indexOf(text.charAt(i)) >= 0 || after.indexOf(text.charAt(i - 1)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int continuationIndent(String line) {
        int indent = line.length() - line.stripLeading().length();
        String content = line.substring(indent);
        for (String marker : MARKERS) {
            if (content.startsWith(marker)) {
                return indent + marker.length();
            }
        }
        return indent + 4;
    }
}
