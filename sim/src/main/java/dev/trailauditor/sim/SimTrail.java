package dev.trailauditor.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * A CloudTrail trail: its settings (as {@link Trail} has them), its status and its event
 * selectors. Setters are fluent so a test reads as "a healthy trail, except ...". All
 * state sits behind this object's lock; reads return SDK model snapshots.
 */
public final class SimTrail {
    private static final List<EventSelector> DEFAULT_SELECTORS = List.of(EventSelector.builder()
            .readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build());

    private final String accountId;
    private final String name;
    private final String homeRegion;
    private final Clock clock;

    private String s3BucketName;
    private String s3KeyPrefix;
    private String kmsKeyId;
    private boolean multiRegion;
    private boolean globalEvents = true;
    private boolean logValidation;
    private boolean logging;
    private Instant startLoggingTime;
    private Instant stopLoggingTime;
    private Instant latestDeliveryTime;
    private String latestDeliveryError;
    private Instant latestDigestDeliveryTime;
    private String latestDigestDeliveryError;
    private List<EventSelector> eventSelectors = DEFAULT_SELECTORS;
    /** Non-null when the trail uses advanced event selectors instead of basic ones. */
    private List<AdvancedEventSelector> advancedEventSelectors;
    /** When the sim last put (or tried to put) this trail's log and digest files; GetTrailStatus says what tests set. */
    private Instant lastLogFile;
    private Instant lastDigestFile;
    /** Files the trail delivered before anyone looked (set up healthy): put as they are, their policies not judged again. */
    private final List<CloudTrailDelivery.File> delivered = new ArrayList<>();

    SimTrail(String accountId, String name, String homeRegion, Clock clock) {
        this.accountId = accountId;
        this.name = name;
        this.homeRegion = homeRegion;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public String homeRegion() {
        return homeRegion;
    }

    public String accountId() {
        return accountId;
    }

    public String arn() {
        return arn(accountId, homeRegion, name);
    }

    /** A trail's ARN, also before it exists (CloudTrail checks policies against it on CreateTrail). */
    static String arn(String accountId, String homeRegion, String name) {
        return "arn:aws:cloudtrail:" + homeRegion + ":" + accountId + ":trail/" + name;
    }

    /**
     * Everything the auditor wants, delivering to the central bucket: multi-region, global
     * events, log file validation, management events All, logging, delivered 10 minutes ago.
     */
    public synchronized SimTrail healthy(String bucket, String prefix, String kmsKeyArn) {
        Instant now = clock.instant();
        s3BucketName = bucket;
        s3KeyPrefix = prefix;
        kmsKeyId = kmsKeyArn;
        multiRegion = true;
        globalEvents = true;
        logValidation = true;
        eventSelectors = DEFAULT_SELECTORS;
        advancedEventSelectors = null;
        logging = true;
        startLoggingTime = now.minus(Duration.ofDays(30));
        stopLoggingTime = null;
        latestDeliveryTime = now.minus(Duration.ofMinutes(10));
        latestDigestDeliveryTime = now.minus(Duration.ofMinutes(10));
        latestDeliveryError = null;
        latestDigestDeliveryError = null;
        // What the status says arrived did arrive, where the trail then delivered: a log and a digest file, ten minutes
        // ago. The next ones are due an interval from now.
        delivered.add(new CloudTrailDelivery.File(CloudTrailDelivery.Kind.LOG, latestDeliveryTime, destination()));
        delivered.add(new CloudTrailDelivery.File(CloudTrailDelivery.Kind.DIGEST, latestDigestDeliveryTime, destination()));
        lastLogFile = now;
        lastDigestFile = now;
        return this;
    }

    public synchronized SimTrail bucket(String bucket) {
        s3BucketName = bucket;
        return this;
    }

    /** null = no prefix. */
    public synchronized SimTrail prefix(String prefix) {
        s3KeyPrefix = prefix;
        return this;
    }

    /** null = not encrypted with a customer key. */
    public synchronized SimTrail kmsKey(String kmsKeyArn) {
        kmsKeyId = kmsKeyArn;
        return this;
    }

    public synchronized SimTrail multiRegion(boolean on) {
        multiRegion = on;
        return this;
    }

    public synchronized SimTrail globalEvents(boolean on) {
        globalEvents = on;
        return this;
    }

    public synchronized SimTrail logValidation(boolean on) {
        logValidation = on;
        return this;
    }

    public synchronized SimTrail startLogging() {
        if (!logging) {
            logging = true;
            startLoggingTime = clock.instant();
        }
        return this;
    }

    public synchronized SimTrail stopLogging() {
        if (logging) {
            logging = false;
            stopLoggingTime = clock.instant();
        }
        return this;
    }

    public synchronized SimTrail deliveredAt(Instant when) {
        latestDeliveryTime = when;
        return this;
    }

    /** E.g. "AccessDenied" when the bucket policy no longer lets CloudTrail write. */
    public synchronized SimTrail deliveryError(String error) {
        latestDeliveryError = error;
        return this;
    }

    public synchronized SimTrail digestDeliveryError(String error) {
        latestDigestDeliveryError = error;
        return this;
    }

    /** Basic selectors: management events of this type, nothing excluded. */
    public synchronized SimTrail managementEvents(ReadWriteType type) {
        return eventSelectors(EventSelector.builder().readWriteType(type).includeManagementEvents(true).build());
    }

    public synchronized SimTrail eventSelectors(EventSelector... selectors) {
        eventSelectors = List.of(selectors);
        advancedEventSelectors = null;
        return this;
    }

    public synchronized SimTrail advancedEventSelectors(AdvancedEventSelector... selectors) {
        advancedEventSelectors = List.of(selectors);
        eventSelectors = List.of();
        return this;
    }

    public synchronized boolean isLogging() {
        return logging;
    }

    public synchronized boolean isMultiRegion() {
        return multiRegion;
    }

    /** The trail as GetTrail/DescribeTrails return it. */
    public synchronized Trail snapshot() {
        return Trail.builder()
                .name(name)
                .trailARN(arn())
                .homeRegion(homeRegion)
                .s3BucketName(s3BucketName)
                .s3KeyPrefix(s3KeyPrefix)
                .kmsKeyId(kmsKeyId)
                .isMultiRegionTrail(multiRegion)
                .includeGlobalServiceEvents(globalEvents)
                .logFileValidationEnabled(logValidation)
                .hasCustomEventSelectors(advancedEventSelectors != null || !eventSelectors.equals(DEFAULT_SELECTORS))
                .hasInsightSelectors(false)
                .isOrganizationTrail(false)
                .build();
    }

    synchronized GetTrailStatusResponse status() {
        return GetTrailStatusResponse.builder()
                .isLogging(logging)
                .startLoggingTime(startLoggingTime)
                .stopLoggingTime(stopLoggingTime)
                .latestDeliveryTime(latestDeliveryTime)
                .latestDeliveryError(latestDeliveryError)
                .latestDigestDeliveryTime(latestDigestDeliveryTime)
                .latestDigestDeliveryError(latestDigestDeliveryError)
                .build();
    }

    synchronized GetEventSelectorsResponse selectors() {
        GetEventSelectorsResponse.Builder response = GetEventSelectorsResponse.builder().trailARN(arn());
        return advancedEventSelectors != null
                ? response.advancedEventSelectors(advancedEventSelectors).build()
                : response.eventSelectors(eventSelectors).build();
    }

    /**
     * The files CloudTrail has written since the last look, and counts them as written: those delivered before
     * anyone looked, then a log file when one is due and, with validation on, a digest file. The caller puts them,
     * if the destination accepts them.
     */
    synchronized List<CloudTrailDelivery.File> takeDue(Instant now) {
        List<CloudTrailDelivery.File> due = new ArrayList<>(delivered);
        delivered.clear();
        for (Instant at : due(lastLogFile, CloudTrailDelivery.LOG_INTERVAL, now)) {
            lastLogFile = at;
            due.add(new CloudTrailDelivery.File(CloudTrailDelivery.Kind.LOG, at, null));
        }
        for (Instant at : logValidation ? due(lastDigestFile, CloudTrailDelivery.DIGEST_INTERVAL, now) : List.<Instant>of()) {
            lastDigestFile = at;
            due.add(new CloudTrailDelivery.File(CloudTrailDelivery.Kind.DIGEST, at, null));
        }
        return due;
    }

    /**
     * When the next files of a kind are written: once more after StopLogging, for what was recorded until then; and
     * while logging, once an interval has passed since the last file and since (re)starting (the first files take that long).
     */
    private List<Instant> due(Instant last, Duration interval, Instant now) {
        List<Instant> due = new ArrayList<>();
        Instant latest = last;
        if (stopLoggingTime != null && (last == null || last.isBefore(stopLoggingTime))) {
            due.add(stopLoggingTime);
            latest = stopLoggingTime;
        }
        if (logging && startLoggingTime != null && Duration.between(startLoggingTime, now).compareTo(interval) >= 0
                && (latest == null || Duration.between(latest, now).compareTo(interval) >= 0)) {
            due.add(now);
        }
        return due;
    }

    synchronized TrailDestination destination() {
        return new TrailDestination(s3BucketName, s3KeyPrefix, kmsKeyId);
    }

    synchronized void destination(TrailDestination destination) {
        s3BucketName = destination.bucket();
        s3KeyPrefix = destination.prefix();
        kmsKeyId = destination.kmsKey();
    }

    /** UpdateTrail semantics: absent fields stay. */
    synchronized void update(Boolean multi, Boolean global, Boolean validation) {
        if (multi != null) {
            multiRegion = multi;
        }
        if (global != null) {
            globalEvents = global;
        }
        if (validation != null) {
            logValidation = validation;
        }
    }
}
