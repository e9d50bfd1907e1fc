package dev.trailauditor.cli;

import dev.trailauditor.aws.AwsClients;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command runs with: where it writes, whether a person is watching, the environment, and
 * how it reaches AWS (the real SDK from {@link Main}; a simulated fleet in tests).
 *
 * @param interactive stderr is a terminal: progress is shown
 * @param aws builds the clients from the settings and checks the credentials before the audit starts
 */
record CliContext(PrintStream out, PrintStream err, boolean interactive, Map<String, String> environment,
                  Function<Map<String, String>, AwsClients> aws) {
}
