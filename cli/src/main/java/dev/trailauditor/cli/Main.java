package dev.trailauditor.cli;

import java.time.Clock;
import java.util.Arrays;

/**
 * The terminal entry point of the same jar Lambda runs: parse the arguments, run the command, exit
 * with its code. Whatever stops a run becomes one line on stderr (the stack trace with --verbose).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CliContext context = new CliContext(System.out, System.err, System.console() != null, System.getenv(),
                Workstation::connect);
        System.exit(run(context, args));
    }

    static int run(CliContext context, String... args) {
        try {
            CliArguments arguments = CliArguments.parse(args);
            return switch (arguments.command()) {
                case HELP -> {
                    context.out().print(Help.TEXT);
                    yield ExitCode.COMPLIANT;
                }
                case DEMO -> new DemoCommand(context, arguments.json()).run();
                case AUDIT -> new AuditCommand(context, arguments).run();
                case GRANTS -> new GrantsCommand(context, arguments, Clock.systemUTC()).run();
                case LAST_REPORT -> new LastReportCommand(context, arguments, Clock.systemUTC()).run();
            };
        } catch (RuntimeException e) {
            context.err().println("trail-auditor: " + ErrorMessages.describe(e));
            if (Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v")) {
                e.printStackTrace(context.err());
            }
            return ExitCode.FAILED;
        }
    }
}
