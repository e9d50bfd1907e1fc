package dev.trailauditor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trailauditor.report.EmailRenderer;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The report as a person reads it (the email's text, wrapped to the terminal) or as JSON, on stdout or in a file. */
final class ReportOutput {
    private ReportOutput() {}

    /** @param width the readable report's lines are wrapped to it; JSON is left as it is */
    static String render(Report report, boolean json, int width) {
        if (!json) {
            return TerminalText.wrap(EmailRenderer.forTerminal().safeBody(report), width);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checked before the run: a report that cannot be written after a repair would lose the policies as they
     * were (policyBefore, the copy to roll back to).
     *
     * @throws IllegalArgumentException naming what is wrong with the path
     */
    static void checkWritable(Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        String problem = Files.isDirectory(target) ? "is a directory, not a file"
                : !Files.isDirectory(dir) ? "the directory " + dir + " does not exist"
                : Files.exists(target) && !Files.isWritable(target) ? "the file is not writable"
                : !Files.exists(target) && !Files.isWritable(dir) ? "the directory " + dir + " is not writable"
                : null;
        if (problem != null) {
            throw new IllegalArgumentException("--output " + file + ": " + problem);
        }
    }

    /**
     * Writes the report to the file, or to {@code out} when there is none. Should the file fail even so, the
     * report goes to {@code out} with the error on {@code err}: it is never lost.
     *
     * @return false when the file could not be written
     */
    static boolean write(Report report, boolean json, int width, Optional<Path> file, PrintStream out, PrintStream err) {
        String text = render(report, json, width);
        if (file.isPresent()) {
            try {
                Files.writeString(file.get(), text);
                return true;
            } catch (IOException e) {
                err.println("trail-auditor: cannot write the report to " + file.get() + " (" + reason(e)
                        + "); it follows on standard output instead");
            }
        }
        out.print(text);
        out.flush();
        return file.isEmpty();
    }

    private static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "its directory no longer exists"
                : e instanceof AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage());
    }
}
