package dev.trailauditor.repair;

import dev.trailauditor.check.ManagementEvents;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.Member;
import dev.trailauditor.observe.MemberSnapshot;
import dev.trailauditor.policy.LogPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;

/**
 * Plans the repair of one member's trail from its snapshot: pure, no AWS calls. Settings first
 * (UpdateTrail), then event selectors, then StartLogging, so the trail starts delivering only
 * once it delivers to the right place.
 */
public final class TrailPlanner {
    private final AuditConfig config;

    public TrailPlanner(AuditConfig config) {
        this.config = config;
    }

    /**
     * @param unusableDestination why the central bucket or key must not receive logs now (deleted,
     *                            pending deletion, disabled, or not readable); steps that would point
     *                            the trail at it or start it are then held, never sent
     */
    public TrailPlan plan(MemberSnapshot snapshot, Optional<String> unusableDestination) {
        TrailPlan plan = snapshot instanceof MemberSnapshot.Found found ? TrailPlan.of(repairs(found))
                : snapshot instanceof MemberSnapshot.Missing missing ? create(missing)
                : TrailPlan.of(List.of());
        return unusableDestination.map(plan::held).orElse(plan);
    }

    private List<TrailStep> repairs(MemberSnapshot.Found found) {
        Trail trail = found.trail();
        String arn = trail.trailARN();
        // Writes go to the trail's own home region, which may not be the registered one, and name the trail (see
        // startLogging): the steps still report the ARN.
        String region = trail.homeRegion() == null ? found.member().homeRegion() : trail.homeRegion();
        String name = trail.name() == null ? found.member().trailName() : trail.name();
        List<TrailStep> steps = new ArrayList<>();

        Map<String, TrailStep.Change> settings = new LinkedHashMap<>();
        differs(settings, "S3BucketName", trail.s3BucketName(), config.centralBucket());
        differs(settings, "S3KeyPrefix", LogPrefix.reported(trail.s3KeyPrefix()).shown(), config.logPrefix().shown());
        differs(settings, "KmsKeyId", trail.kmsKeyId(), config.keyArn());
        differs(settings, "IsMultiRegionTrail", trail.isMultiRegionTrail(), true);
        differs(settings, "IncludeGlobalServiceEvents", trail.includeGlobalServiceEvents(), true);
        differs(settings, "LogFileValidationEnabled", trail.logFileValidationEnabled(), true);
        if (!settings.isEmpty()) {
            // Every expected value is sent, not just the changed ones: the call is then the same whatever drifted.
            steps.add(TrailStep.planned("UpdateTrail", arn, region, settings, UpdateTrailRequest.builder().name(name)
                    .s3BucketName(config.centralBucket()).s3KeyPrefix(config.logPrefix().apiValue())
                    .kmsKeyId(config.keyArn().toString())
                    .isMultiRegionTrail(true).includeGlobalServiceEvents(true).enableLogFileValidation(true).build()));
        }

        String events = ManagementEvents.describe(found.selectors());
        if (!events.equals(ManagementEvents.EXPECTED)) {
            steps.add(TrailStep.planned("PutEventSelectors", arn, region,
                    Map.of("ManagementEvents", new TrailStep.Change(events, ManagementEvents.EXPECTED)),
                    EventSelectorRepair.restoreManagementEvents(name, found.selectors())));
        }

        if (!Boolean.TRUE.equals(found.status().isLogging())) {
            steps.add(startLogging(arn, name, region));
        }
        return steps;
    }

    /** A missing trail is created only when someone opted in: it is a new resource in a member account. */
    private TrailPlan create(MemberSnapshot.Missing missing) {
        Member member = missing.member();
        if (!missing.nameFree()) {
            return TrailPlan.nothing("not repaired: the name is taken by a trail the auditor must not change (" + missing.detail() + ")");
        }
        if (!config.repairs().createMissingTrails() && !member.createTrail()) {
            return TrailPlan.nothing("not repaired: creating missing trails is off (CREATE_MISSING_TRAILS, or \"createTrail\": true in the registry)");
        }
        String arn = member.trailArn().toString();
        Map<String, TrailStep.Change> settings = new LinkedHashMap<>();
        settings.put("Name", new TrailStep.Change(LogPrefix.SHOWN_AS_NONE, member.trailName()));
        settings.put("S3BucketName", new TrailStep.Change(LogPrefix.SHOWN_AS_NONE, config.centralBucket()));
        settings.put("S3KeyPrefix", new TrailStep.Change(LogPrefix.SHOWN_AS_NONE, config.logPrefix().shown()));
        settings.put("KmsKeyId", new TrailStep.Change(LogPrefix.SHOWN_AS_NONE, config.keyArn().toString()));
        CreateTrailRequest request = CreateTrailRequest.builder().name(member.trailName())
                .s3BucketName(config.centralBucket()).s3KeyPrefix(config.logPrefix().apiValue())
                .kmsKeyId(config.keyArn().toString()).isMultiRegionTrail(true).includeGlobalServiceEvents(true)
                .enableLogFileValidation(true).build();
        return TrailPlan.of(List.of(
                TrailStep.planned("CreateTrail", arn, member.homeRegion(), settings, request),
                startLogging(arn, member.trailName(), member.homeRegion())));
    }

    /**
     * By the trail's name, sent to its home region: AWS takes a name or an ARN there, but only the home region
     * may start a multi-region trail (https://docs.aws.amazon.com/goto/WebAPI/cloudtrail/StartLogging), and
     * several emulators resolve only names. The step still reports the ARN, which says where the trail lives.
     */
    private static TrailStep startLogging(String arn, String name, String region) {
        return TrailStep.planned("StartLogging", arn, region, Map.of("IsLogging", new TrailStep.Change("false", "true")),
                StartLoggingRequest.builder().name(name).build());
    }

    private static void differs(Map<String, TrailStep.Change> changes, String field, Object actual, Object expected) {
        String before = orNone(actual == null ? null : actual.toString());
        String after = orNone(expected.toString());
        if (!Objects.equals(before, after)) {
            changes.put(field, new TrailStep.Change(before, after));
        }
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? LogPrefix.SHOWN_AS_NONE : value;
    }
}
