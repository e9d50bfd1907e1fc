package dev.trailauditor.repair;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailRequest;

/**
 * One call in a member account that repairs its trail: the API call, on which trail, the values
 * before and after, and what became of it. The request itself is what gets sent.
 *
 * @param changes for each changed field, its value before and after
 * @param fixes   the ids of the controls the step puts right
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrailStep(String call, String trail, String region, Map<String, Change> changes, List<String> fixes,
                        State state, String error, @JsonIgnore CloudTrailRequest request) {

    public TrailStep {
        fixes = List.copyOf(fixes);
    }

    /** One field's value before and after the call. */
    public record Change(String before, String after) {}

    public enum State {
        /** Planned; audit mode stops here (a dry run). */
        PLANNED,
        DONE,
        FAILED,
        /** Not attempted because an earlier step for the same trail failed. */
        SKIPPED,
        /** Not sent, in any mode: the central bucket or key is not usable (the error says why). */
        HELD
    }

    static TrailStep planned(String call, String trail, String region, Map<String, Change> changes, List<String> fixes,
                             CloudTrailRequest request) {
        return new TrailStep(call, trail, region, changes, fixes, State.PLANNED, null, request);
    }

    TrailStep with(State newState, String newError) {
        return new TrailStep(call, trail, region, changes, fixes, newState, newError, request);
    }

    /** True for the calls after which the trail delivers to the central bucket and key. */
    boolean deliversToDestination() {
        return call.equals("CreateTrail") || call.equals("UpdateTrail") || call.equals("StartLogging");
    }

    /** The IAM action this step needs in the member account. */
    public String permission() {
        return "cloudtrail:" + call;
    }

    /** "S3BucketName other -> central-logs; IsLogging false -> true", as the email shows it. */
    public String describeChanges() {
        StringBuilder text = new StringBuilder();
        changes.forEach((field, values) -> text.append(text.length() == 0 ? "" : "; ")
                .append(field).append(' ').append(values.before()).append(" -> ").append(values.after()));
        return text.toString();
    }
}
