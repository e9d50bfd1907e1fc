package dev.trailauditor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trailauditor.report.EmailRenderer;
import dev.trailauditor.report.Json;
import dev.trailauditor.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The report as a person reads it (the email's text) or as JSON, on stdout or in a file. */
final class ReportOutput {
    private ReportOutput() {}

    static String render(Report report, boolean json) {
        if (!json) {
            return EmailRenderer.forTerminal().safeBody(report);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Report report, boolean json, Optional<Path> file, PrintStream out) {
        String text = render(report, json);
        if (file.isEmpty()) {
            out.print(text);
            out.flush();
            return;
        }
        try {
            Files.writeString(file.get(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + file.get() + ": " + e, e);
        }
    }
}
