package dev.trailauditor.cli;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.sim.Fleet;
import dev.trailauditor.sim.FleetClients;
import dev.trailauditor.sim.HealthyFleet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The command line run in-process: a YAML config file for a healthy simulated fleet (on the
 * system clock, as a terminal run has it), the fleet standing in for AWS, stdout and stderr captured.
 */
final class CliFixture {
    final Fleet fleet = new Fleet(Clock.systemUTC());
    final Path config;
    final Map<String, String> environment = new HashMap<>(Map.of("AWS_REGION", "eu-west-1"));
    /** The settings each connection to "AWS" was made with. */
    final List<Map<String, String>> connections = new CopyOnWriteArrayList<>();
    Function<Map<String, String>, AwsClients> aws = settings -> new FleetClients(fleet, "111111111111");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CliFixture(Path dir, String yaml) {
        try {
            config = Files.writeString(dir.resolve("audit.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigFile file = ConfigFile.read(config);
        HealthyFleet.setUp(fleet, ConfigLoader.load(file.values(), file.registry(), name -> Optional.empty()));
    }

    int run(String... args) {
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, environment, settings -> {
                    connections.add(settings);
                    return aws.apply(settings);
                });
        return Main.run(context, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> writes() {
        return fleet.mutatingCalls().stream().map(c -> c.accountId() + " " + c.operation()).toList();
    }
}
