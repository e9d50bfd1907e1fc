package dev.trailauditor.repair;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What became of one central policy in a run: the plan (statements added, replaced, removed;
 * shape; size against the limit) and whether it was written. The policy as it was before is
 * kept whole, so a person can roll back.
 *
 * @param cutOff unregistered accounts whose delivering trails the change cuts off (or, HELD, would); none: absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyChange(
        String policy,
        String resource,
        State state,
        String shape,
        int sizeBefore,
        int sizeAfter,
        int limit,
        int roomLeft,
        List<JsonNode> added,
        List<Replacement> replaced,
        List<JsonNode> removed,
        List<String> stillUnmet,
        List<String> advice,
        String reason,
        String policyBefore,
        String policyWritten,
        String policyAfter,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CutOff> cutOff) {

    public enum State {
        /** Nothing to change: every requirement is met and the auditor's statements are as desired. */
        UNCHANGED,
        /** A change is needed; audit mode reports it without writing (a dry run). */
        PLANNED,
        WRITTEN,
        /** The policy changed between plan and write: not clobbered, reported. */
        ABORTED,
        FAILED,
        /** Even the most compact shape does not fit the policy's size limit: nothing written. */
        REFUSED,
        /**
         * A change is needed but may not be written now: the resource is not usable (the key is pending deletion), or it
         * would cut off an unregistered account's delivering trail ({@code cutOff}). Nothing written.
         */
        HELD,
        /** Not written: the run's time budget ran out first. */
        SKIPPED,
        /**
         * Written, but the policy read back right after is not what was written: someone else changed it
         * at the same time, and a change of theirs may be lost. {@code policyWritten} and {@code policyAfter} say.
         */
        CONFLICT
    }

    /** A managed statement that drifted, and what replaces it in the same place. */
    public record Replacement(JsonNode before, JsonNode after) {}

    public PolicyChange {
        cutOff = cutOff == null ? List.of() : List.copyOf(cutOff);
    }

    PolicyChange withState(State newState, String newReason) {
        return new PolicyChange(policy, resource, newState, shape, sizeBefore, sizeAfter, limit, roomLeft, added, replaced, removed,
                stillUnmet, advice, newReason, policyBefore, policyWritten, policyAfter, cutOff);
    }

    /** Written, but read back changed: both versions are kept for the person who must look. */
    PolicyChange conflict(String reason, String written, String after) {
        return new PolicyChange(policy, resource, State.CONFLICT, shape, sizeBefore, sizeAfter, limit, roomLeft, added, replaced,
                removed, stillUnmet, advice, reason, policyBefore, written, after, cutOff);
    }

    /** The ids of the checks that judge this policy start with this: "bucket-policy." or "key-policy.". */
    public String checkPrefix() {
        return policy.replace(' ', '-') + ".";
    }

    /** The policy was written (verified or not): it must be read again. */
    public boolean written() {
        return state == State.WRITTEN || state == State.CONFLICT;
    }
}
