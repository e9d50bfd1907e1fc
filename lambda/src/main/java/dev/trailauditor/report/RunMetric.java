package dev.trailauditor.report;

/**
 * The metrics a run emits, in namespace {@link RunOutcome#NAMESPACE} with the one dimension
 * {@link RunOutcome#DIMENSION}: the contract the template's alarms and dashboard are built on, so a
 * name here is never changed without them. Units are CloudWatch's standard unit names
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
 */
public enum RunMetric {
    /** 1 when the run could not do its job (configuration error, exception, cut short, report not sent). */
    RUN_FAILED("RunFailed", Unit.COUNT),
    /** 1 when the audit completed and its report went out: the dead-man's switch watches it. */
    RUN_COMPLETED("RunCompleted", Unit.COUNT),
    ACCOUNTS_AUDITED("AccountsAudited", Unit.COUNT),
    ACCOUNTS_COMPLIANT("AccountsCompliant", Unit.COUNT),
    ACCOUNTS_DRIFTED("AccountsDrifted", Unit.COUNT),
    ACCOUNTS_UNREACHABLE("AccountsUnreachable", Unit.COUNT),
    ACCOUNTS_REPAIRED("AccountsRepaired", Unit.COUNT),
    /** 1 when the central bucket and key policies need nothing from a person (compliant, or repaired by this run). */
    CENTRAL_POLICIES_COMPLIANT("CentralPoliciesCompliant", Unit.COUNT),
    CHECKS_FAILED("ChecksFailed", Unit.COUNT),
    CHECKS_UNREACHABLE("ChecksUnreachable", Unit.COUNT),
    /**
     * Failed CloudTrail calls on the watched trails and policies (denied, say) a report lists or an invocation was
     * handed: they start no run, and are counted here.
     */
    FAILED_CALLS("FailedCalls", Unit.COUNT),
    /** Wall time of the invocation, from the handler's start to the outcome line. */
    RUN_DURATION("RunDuration", Unit.MILLISECONDS);

    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;

    RunMetric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The name in CloudWatch, e.g. {@code RunFailed}. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }
}
