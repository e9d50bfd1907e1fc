package dev.trailauditor.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What the merger planned for one central policy: whether to write, the document to write (or the
 * current one), the shape and the room it leaves, what changed, and what is still wrong.
 *
 * @param shape         shape of the auditor's statements; null when it needs none (or when refused)
 * @param sizeBefore    bytes of the current policy (0 when there is none)
 * @param roomLeft      limit minus sizeAfter
 * @param staleAccounts unregistered accounts the auditor's own statements granted (kept unless removeStale)
 * @param stillUnmet    requirements of registered members the document does not meet, with why (e.g. a Deny)
 * @param refusal       why nothing may be written when even the compact shape is over the limit; else null
 * @param advice        foreign statements that let in more than CloudTrail, and what to do about each
 */
public record MergeResult(PolicyKind kind, boolean changed, PolicyDocument document, Shape shape,
                          int sizeBefore, int sizeAfter, int limit, int roomLeft,
                          List<ObjectNode> added, List<Replacement> replaced, List<ObjectNode> removed,
                          List<String> staleAccounts, List<String> stillUnmet, String refusal, List<String> advice) {

    /** A managed statement that drifted, and what replaces it in the same place. */
    public record Replacement(ObjectNode before, ObjectNode after) {
        public Replacement {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    public MergeResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(document, "document");
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        removed = List.copyOf(removed);
        staleAccounts = List.copyOf(staleAccounts);
        stillUnmet = List.copyOf(stillUnmet);
        advice = List.copyOf(advice);
    }

    public boolean refused() {
        return refusal != null;
    }
}
