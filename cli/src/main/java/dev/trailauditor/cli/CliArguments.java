package dev.trailauditor.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line, parsed by hand: a command ({@code audit}, {@code demo}) and its flags, as
 * {@code --flag value} or {@code --flag=value}. Anything else is a {@link UsageException} that
 * says what was wrong.
 */
record CliArguments(Command command, Optional<Path> config, Optional<String> profile, Optional<String> region,
                    List<String> accounts, boolean repair, boolean json, Optional<Path> output, boolean verbose,
                    boolean remove, boolean yes, Optional<String> logGroup) {

    enum Command { AUDIT, DEMO, HELP, GRANTS, LAST_REPORT }

    /** A command line that cannot run; the message says why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final Set<String> AUDIT_ONLY = Set.of("--config", "--profile", "--region", "--accounts", "--repair",
            "--output");

    /** The flags the onboarding commands take; every other flag is refused for them, and theirs for the others. */
    private static final Map<Command, Set<String>> OWN_FLAGS = Map.of(
            Command.GRANTS, Set.of("--config", "--profile", "--region", "--remove", "--yes", "--verbose", "-v"),
            Command.LAST_REPORT, Set.of("--log-group", "--profile", "--region", "--json", "--output", "--verbose", "-v"));
    private static final Map<String, String> FLAG_OWNER = Map.of("--remove", "grants", "--yes", "grants",
            "--log-group", "last-report");

    static CliArguments parse(String... args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            return new Builder().build(Command.HELP);
        }
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        if (rest.isEmpty()) {
            throw new UsageException("missing command: 'audit', 'demo', 'grants' or 'last-report'");
        }
        Command command = command(rest.removeFirst());
        Builder builder = new Builder();
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (command == Command.DEMO && AUDIT_ONLY.contains(flag)) {
                throw new UsageException(flag + " applies to 'audit' only; the demo takes only --json");
            }
            if (OWN_FLAGS.containsKey(command) ? !OWN_FLAGS.get(command).contains(flag) && flag.startsWith("-")
                    : FLAG_OWNER.containsKey(flag)) {
                throw new UsageException(FLAG_OWNER.containsKey(flag) ? flag + " applies to '" + FLAG_OWNER.get(flag) + "' only"
                        : flag + " does not apply to '" + word(command) + "'");
            }
            builder.accept(flag, arg, rest);
        }
        return builder.build(command);
    }

    private static Command command(String word) {
        return switch (word) {
            case "audit" -> Command.AUDIT;
            case "demo" -> Command.DEMO;
            case "help" -> Command.HELP;
            case "grants" -> Command.GRANTS;
            case "last-report" -> Command.LAST_REPORT;
            default -> throw new UsageException(word.startsWith("-")
                    ? "missing command before " + word + ": 'audit', 'demo', 'grants' or 'last-report'"
                    : "unknown command '" + word + "': 'audit', 'demo', 'grants' or 'last-report'");
        };
    }

    private static String word(Command command) {
        return command.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Collects flags one by one; each value flag may be given once. */
    private static final class Builder {
        private Path config;
        private String profile;
        private String region;
        private List<String> accounts = List.of();
        private boolean repair;
        private boolean json;
        private Path output;
        private boolean verbose;
        private boolean remove;
        private boolean yes;
        private String logGroup;

        void accept(String flag, String arg, Deque<String> rest) {
            switch (flag) {
                case "--config" -> config = Path.of(once(flag, config, value(flag, arg, rest)));
                case "--profile" -> profile = once(flag, profile, value(flag, arg, rest));
                case "--region" -> region = once(flag, region, value(flag, arg, rest));
                case "--accounts" -> accounts = accounts(value(flag, arg, rest));
                case "--output" -> output = Path.of(once(flag, output, value(flag, arg, rest)));
                case "--repair" -> repair = noValue(flag, arg);
                case "--json" -> json = noValue(flag, arg);
                case "--verbose", "-v" -> verbose = noValue(flag, arg);
                case "--remove" -> remove = noValue(flag, arg);
                case "--yes" -> yes = noValue(flag, arg);
                case "--log-group" -> logGroup = once(flag, logGroup, value(flag, arg, rest));
                default -> throw new UsageException(arg.startsWith("-") ? "unknown option " + flag
                        : "unexpected argument '" + arg + "'");
            }
        }

        CliArguments build(Command command) {
            return new CliArguments(command, Optional.ofNullable(config), Optional.ofNullable(profile),
                    Optional.ofNullable(region), accounts, repair, json, Optional.ofNullable(output), verbose, remove, yes,
                    Optional.ofNullable(logGroup));
        }

        private static String value(String flag, String arg, Deque<String> rest) {
            if (arg.contains("=")) {
                return nonEmpty(flag, arg.substring(arg.indexOf('=') + 1));
            }
            if (rest.isEmpty() || rest.peekFirst().startsWith("--")) {
                throw new UsageException(flag + " needs a value");
            }
            return nonEmpty(flag, rest.removeFirst());
        }

        private static String nonEmpty(String flag, String value) {
            if (value.isBlank()) {
                throw new UsageException(flag + " needs a value");
            }
            return value;
        }

        private static <T> String once(String flag, T previous, String value) {
            if (previous != null) {
                throw new UsageException(flag + " is given twice");
            }
            return value;
        }

        private static boolean noValue(String flag, String arg) {
            if (!arg.equals(flag)) {
                throw new UsageException(flag + " takes no value");
            }
            return true;
        }

        private static List<String> accounts(String value) {
            List<String> ids = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            ids.stream().filter(id -> !id.matches("\\d{12}")).findFirst().ifPresent(id -> {
                throw new UsageException("--accounts: '" + id + "' is not a 12-digit account id");
            });
            return ids;
        }
    }
}
