package dev.trailauditor.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What every emulator test shares: a reset emulator, a fleet to seed, and the function's processes to end. */
abstract class EmulatorTest {
    static final Moto MOTO = Moto.fromBuild(Fleet.REGION);

    @TempDir
    Path work;
    Fleet fleet;
    private final List<FunctionProcess> started = new ArrayList<>();

    @BeforeEach
    void resetEmulator() {
        MOTO.reset();
        fleet = new Fleet(MOTO);
    }

    @AfterEach
    void stopFunctions() {
        started.forEach(FunctionProcess::close);
    }

    /** The built function, started with the fleet's settings and these changed, acting as the audit account. */
    FunctionProcess function(Map<String, String> overrides) {
        try {
            FunctionProcess function = FunctionProcess.start(work, fleet.settings(overrides), MOTO.environment(Fleet.AUDIT));
            started.add(function);
            return function;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String event(String file) {
        try {
            return Files.readString(Path.of("events", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every check result of a report, central and per account, as "check [account] OUTCOME". */
    static List<String> results(JsonNode report) {
        List<String> results = new ArrayList<>();
        report.path("central").path("checks").forEach(c -> results.add(line(c, "")));
        report.path("central").path("hardening").forEach(c -> results.add(line(c, "")));
        report.path("accounts").forEach(a -> a.path("checks").forEach(c -> results.add(line(c, a.path("accountId").asText()))));
        return results;
    }

    /** The results that did not pass. */
    static List<String> notPassed(JsonNode report) {
        return results(report).stream().filter(r -> !r.endsWith(" PASS")).toList();
    }

    private static String line(JsonNode check, String account) {
        String who = check.path("account").asText(account);
        return check.path("check").asText() + (who.isEmpty() ? "" : " [" + who + "]") + " " + check.path("outcome").asText();
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
