package dev.trailauditor.sim;

import dev.trailauditor.policy.Arn;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.CreateTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.DescribeTrailsRequest;
import software.amazon.awssdk.services.cloudtrail.model.DescribeTrailsResponse;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventSelectorsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidHomeRegionException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTrailNameException;
import software.amazon.awssdk.services.cloudtrail.model.ListTrailsRequest;
import software.amazon.awssdk.services.cloudtrail.model.ListTrailsResponse;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.StartLoggingResponse;
import software.amazon.awssdk.services.cloudtrail.model.StopLoggingRequest;
import software.amazon.awssdk.services.cloudtrail.model.StopLoggingResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailAlreadyExistsException;
import software.amazon.awssdk.services.cloudtrail.model.TrailInfo;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailRequest;
import software.amazon.awssdk.services.cloudtrail.model.UpdateTrailResponse;

/**
 * CloudTrail of one account, seen from one region. A multi-region trail is visible from
 * every region (a "shadow" outside its home region, with its real HomeRegion); writes
 * and GetTrailStatus by name only work in the home region, as in AWS.
 */
final class SimCloudTrailClient extends SimClient implements CloudTrailClient {
    private static final String TRAIL_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]";

    private final CloudTrailDestinationCheck destinationCheck;

    SimCloudTrailClient(Fleet fleet, String accountId, String region) {
        super(fleet, SimService.CLOUDTRAIL, accountId, region);
        this.destinationCheck = new CloudTrailDestinationCheck(fleet);
    }

    /** Every CloudTrail write counts against the account+region's write rate (if enforced). */
    @Override
    <T> T write(String operation, Supplier<T> body) {
        return super.write(operation, () -> {
            fleet.cloudTrailWriteRate().admit(callerAccountId, region);
            return body.get();
        });
    }

    @Override
    public GetTrailResponse getTrail(GetTrailRequest request) {
        return read("GetTrail", () -> GetTrailResponse.builder()
                .trail(require(request.name(), true).snapshot()).build());
    }

    @Override
    public DescribeTrailsResponse describeTrails(DescribeTrailsRequest request) {
        return read("DescribeTrails", () -> DescribeTrailsResponse.builder()
                .trailList(describe(request).stream().map(SimTrail::snapshot).toList()).build());
    }

    /** Every trail of the account, whatever its home region, in one page (AWS pages by NextToken). */
    @Override
    public ListTrailsResponse listTrails(ListTrailsRequest request) {
        return read("ListTrails", () -> ListTrailsResponse.builder()
                .trails(fleet.findAccount(callerAccountId).map(SimAccount::trails).orElse(List.of()).stream()
                        .map(t -> TrailInfo.builder().name(t.name()).trailARN(t.arn()).homeRegion(t.homeRegion()).build())
                        .toList())
                .build());
    }

    /** GetTrailStatus needs the ARN for a shadow trail; by name only the home region's. */
    @Override
    public GetTrailStatusResponse getTrailStatus(GetTrailStatusRequest request) {
        return read("GetTrailStatus", () -> require(request.name(), false).status());
    }

    @Override
    public GetEventSelectorsResponse getEventSelectors(GetEventSelectorsRequest request) {
        return read("GetEventSelectors", () -> require(request.trailName(), true).selectors());
    }

    @Override
    public StartLoggingResponse startLogging(StartLoggingRequest request) {
        return write("StartLogging", () -> {
            requireInHomeRegion(request.name()).startLogging();
            return StartLoggingResponse.builder().build();
        });
    }

    @Override
    public StopLoggingResponse stopLogging(StopLoggingRequest request) {
        return write("StopLogging", () -> {
            requireInHomeRegion(request.name()).stopLogging();
            return StopLoggingResponse.builder().build();
        });
    }

    @Override
    public UpdateTrailResponse updateTrail(UpdateTrailRequest request) {
        return write("UpdateTrail", () -> {
            SimTrail trail = requireInHomeRegion(request.name());
            // Like AWS: the destination is judged whenever the request touches it, as it would end up.
            if (request.s3BucketName() != null || request.s3KeyPrefix() != null || request.kmsKeyId() != null) {
                trail.destination(destinationCheck.verify(trail.arn(), trail.destination()
                        .updatedBy(request.s3BucketName(), request.s3KeyPrefix(), request.kmsKeyId())));
            }
            trail.update(request.isMultiRegionTrail(), request.includeGlobalServiceEvents(),
                    request.enableLogFileValidation());
            return describing(trail.snapshot(), UpdateTrailResponse.builder()).build();
        });
    }

    /** A new trail does not log until StartLogging, as in AWS. */
    @Override
    public CreateTrailResponse createTrail(CreateTrailRequest request) {
        return write("CreateTrail", () -> {
            String name = request.name();
            if (name == null || !name.matches(TRAIL_NAME)) {
                throw AwsErrors.<InvalidTrailNameException>build(InvalidTrailNameException.builder(), service,
                        "InvalidTrailNameException", 400, "Trail name is invalid: " + name);
            }
            if (request.s3BucketName() == null) {
                throw error("InvalidParameterCombinationException", 400, "S3BucketName is required");
            }
            SimAccount account = fleet.account(callerAccountId);
            // A taken name is reported before the destination is judged.
            if (account.findTrail(name, region).isPresent()) {
                throw alreadyExists(name);
            }
            TrailDestination destination = destinationCheck.verify(SimTrail.arn(callerAccountId, region, name),
                    TrailDestination.NONE.updatedBy(request.s3BucketName(), request.s3KeyPrefix(), request.kmsKeyId()));
            SimTrail trail = account.createTrail(name, region).orElseThrow(() -> alreadyExists(name));
            trail.destination(destination);
            trail.update(Boolean.TRUE.equals(request.isMultiRegionTrail()),
                    !Boolean.FALSE.equals(request.includeGlobalServiceEvents()),
                    Boolean.TRUE.equals(request.enableLogFileValidation()));
            return describing(trail.snapshot(), CreateTrailResponse.builder()).build();
        });
    }

    /** CreateTrail and UpdateTrail answer with the trail's own fields: copy those the response has. */
    private static <B extends SdkPojo> B describing(Trail trail, B response) {
        Map<String, SdkField<?>> trailFields = new HashMap<>();
        trail.sdkFields().forEach(field -> trailFields.put(field.memberName(), field));
        for (SdkField<?> field : response.sdkFields()) {
            SdkField<?> source = trailFields.get(field.memberName());
            if (source != null) {
                field.set(response, source.getValueOrDefault(trail));
            }
        }
        return response;
    }

    /** Basic or advanced selectors, never both, as AWS insists. */
    @Override
    public PutEventSelectorsResponse putEventSelectors(PutEventSelectorsRequest request) {
        return write("PutEventSelectors", () -> {
            SimTrail trail = requireInHomeRegion(request.trailName());
            boolean basic = request.hasEventSelectors() && !request.eventSelectors().isEmpty();
            boolean advanced = request.hasAdvancedEventSelectors() && !request.advancedEventSelectors().isEmpty();
            if (basic == advanced) {
                throw AwsErrors.<InvalidEventSelectorsException>build(InvalidEventSelectorsException.builder(),
                        service, "InvalidEventSelectorsException", 400,
                        "Specify either event selectors or advanced event selectors, but not both.");
            }
            if (basic) {
                trail.eventSelectors(request.eventSelectors().toArray(new EventSelector[0]));
            } else {
                trail.advancedEventSelectors(request.advancedEventSelectors().toArray(new AdvancedEventSelector[0]));
            }
            GetEventSelectorsResponse now = trail.selectors();
            return PutEventSelectorsResponse.builder().trailARN(now.trailARN())
                    .eventSelectors(now.hasEventSelectors() ? now.eventSelectors() : null)
                    .advancedEventSelectors(now.hasAdvancedEventSelectors() ? now.advancedEventSelectors() : null)
                    .build();
        });
    }

    // --- lookup, as AWS resolves names and ARNs from a region ---

    private SimTrail require(String nameOrArn, boolean shadowByName) {
        return lookup(nameOrArn, shadowByName).orElseThrow(() -> notFound(nameOrArn));
    }

    private SimTrail requireInHomeRegion(String nameOrArn) {
        SimTrail trail = require(nameOrArn, true);
        if (!trail.homeRegion().equals(region)) {
            throw AwsErrors.<InvalidHomeRegionException>build(InvalidHomeRegionException.builder(), service,
                    "InvalidHomeRegionException", 400, "The home region of trail " + trail.arn() + " is "
                            + trail.homeRegion() + ". Call this operation in the trail's home region.");
        }
        return trail;
    }

    private Optional<SimTrail> lookup(String nameOrArn, boolean shadowByName) {
        Optional<SimAccount> account = fleet.findAccount(callerAccountId);
        if (account.isEmpty() || nameOrArn == null) {
            return Optional.empty();
        }
        Optional<Arn> arn = Arn.parse(nameOrArn);
        if (arn.isPresent()) {
            return byArn(account.get(), arn.get()).filter(this::visibleHere);
        }
        Optional<SimTrail> home = account.get().findTrail(nameOrArn, region);
        if (home.isPresent() || !shadowByName) {
            return home;
        }
        return account.get().trails().stream()
                .filter(t -> t.name().equals(nameOrArn) && t.isMultiRegion())
                .findFirst();
    }

    private Optional<SimTrail> byArn(SimAccount account, Arn arn) {
        if (!arn.service().equals("cloudtrail") || !arn.resource().startsWith("trail/")
                || !arn.accountId().equals(callerAccountId)) {
            return Optional.empty();
        }
        return account.findTrail(arn.resourceName(), arn.region());
    }

    private boolean visibleHere(SimTrail trail) {
        return trail.homeRegion().equals(region) || trail.isMultiRegion();
    }

    /**
     * No list: this region's trails, plus shadows unless IncludeShadowTrails is false.
     * Names match only this region's own trails; ARNs reach any region of the account.
     */
    private List<SimTrail> describe(DescribeTrailsRequest request) {
        Optional<SimAccount> account = fleet.findAccount(callerAccountId);
        if (account.isEmpty()) {
            return List.of();
        }
        if (!request.hasTrailNameList() || request.trailNameList().isEmpty()) {
            boolean shadows = !Boolean.FALSE.equals(request.includeShadowTrails());
            return account.get().trails().stream()
                    .filter(t -> t.homeRegion().equals(region) || (shadows && t.isMultiRegion()))
                    .toList();
        }
        Set<SimTrail> found = new LinkedHashSet<>();
        for (String entry : request.trailNameList()) {
            Optional<Arn> arn = Arn.parse(entry);
            (arn.isPresent() ? byArn(account.get(), arn.get()) : account.get().findTrail(entry, region))
                    .ifPresent(found::add);
        }
        return List.copyOf(found);
    }

    private TrailAlreadyExistsException alreadyExists(String name) {
        return AwsErrors.build(TrailAlreadyExistsException.builder(), service, "TrailAlreadyExistsException", 400,
                "Trail " + name + " already exists for customer: " + callerAccountId);
    }

    private TrailNotFoundException notFound(String nameOrArn) {
        return AwsErrors.build(TrailNotFoundException.builder(), service, "TrailNotFoundException", 400,
                "Unknown trail: " + nameOrArn + " for the user: " + callerAccountId);
    }
}
