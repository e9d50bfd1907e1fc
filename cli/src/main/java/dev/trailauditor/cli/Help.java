package dev.trailauditor.cli;

/** The --help text: every command, flag and exit code. */
final class Help {
    static final String TEXT = """
            Trail Auditor: checks (and repairs) CloudTrail delivery of member accounts into a central bucket and key.

            Usage:
              java -jar trail-auditor.jar demo [--json]        run the auditor on a built-in simulated fleet (no AWS);
                                                               --json prints its two JSON reports, the story on stderr
              java -jar trail-auditor.jar audit [options]      audit real accounts with your AWS credentials
              java -jar trail-auditor.jar grants --config FILE [--remove [--yes]]
                                                               list (or remove) the auditor's statements in the
                                                               central bucket and key policies, e.g. after sam delete
              java -jar trail-auditor.jar last-report --log-group NAME [--json] [--output FILE]
                                                               print the newest complete report the function logged
              java -jar trail-auditor.jar --help

            audit options:
              --config FILE      settings from a .json, .yaml or .yml file: the environment variable names as keys
                                 (CENTRAL_BUCKET, MEMBER_REGISTRY, ...); file values override the environment.
                                 events/env.json works as it is; audit.example.yaml is one to copy.
              --profile NAME     AWS profile to use (default: the usual credential chain, AWS_PROFILE)
              --region REGION    region of STS and the registry parameter (default: AWS_REGION or the profile's)
              --accounts IDS     re-check only these registered accounts (comma-separated); central policies as usual
              --repair           apply repairs (the config's CENTRAL_POLICY_MODE / TRAIL_MODE; unset means repair).
                                 Without it the run is a dry run: nothing is changed, the plan is reported.
              --json             print the JSON report instead of the readable one
              --output FILE      write the report to FILE instead of standard output; FILE is checked before the
                                 run, and should writing fail after all, the report goes to standard output
              --verbose          on failure, print the stack trace

            grants options: --config, --profile, --region as for audit, and
              --remove           show each policy without the auditor's statements (a dry run: nothing is written);
                                 refused when nothing would let the account administer the key, or the bucket policy
                                 would be empty
              --yes              with --remove: write them (re-read first, KMS's lockout check on, read back after)

            last-report options: --profile, --region (where the function runs), --json, --output as for audit, and
              --log-group NAME   the function's log group (the stack's output AuditLogGroupName); the last 7 days are searched

            The terminal prints the report; it does not send the SNS email. Its lines are wrapped at COLUMNS (100
            when unset). Progress goes to stderr when it is a terminal. Errors are one line each on stderr.
            AWS_ENDPOINT_URL points every call at an AWS-compatible emulator.

            Exit codes:
              0  every account and the central policies are compliant (or were repaired)
              1  drift remains (failed or unreachable checks)
              2  the run itself failed: bad arguments or config, no credentials, the report could not be written
            """;

    private Help() {}
}
