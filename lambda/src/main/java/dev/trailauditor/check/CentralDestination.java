package dev.trailauditor.check;

import dev.trailauditor.observe.CentralSnapshot;
import dev.trailauditor.observe.Observation;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Whether the central bucket and key can receive logs now. Repairs never point a trail at a
 * bucket that is gone or a key that is going (pending deletion) or off (disabled), nor at one
 * whose state could not be read: a trail delivering there loses its logs, or writes logs that
 * become unreadable once the key is deleted.
 */
public final class CentralDestination {
    private CentralDestination() {}

    /** The key is enabled and not pending deletion (KMS states: Enabled, Disabled, PendingDeletion, ...). */
    public static boolean usable(KeyMetadata key) {
        return Boolean.TRUE.equals(key.enabled()) && key.keyState() == KeyState.ENABLED;
    }

    /** "key PendingDeletion, deletion scheduled for ...", as the report says it. */
    public static String describe(KeyMetadata key) {
        return "key " + key.keyStateAsString()
                + (key.deletionDate() == null ? "" : ", deletion scheduled for " + key.deletionDate());
    }

    /** Why no trail may be pointed at (or started towards) the central bucket and key now; empty when they are usable. */
    public static Optional<String> unusable(CentralSnapshot snapshot, String bucket) {
        if (snapshot.bucketMissing()) {
            return Optional.of("the central bucket '" + bucket + "' does not exist");
        }
        if (!snapshot.bucketPolicy().ok()) {
            return Optional.of("the central bucket could not be checked (" + snapshot.bucketPolicy().failure() + ")");
        }
        return keyUnusable(snapshot.key());
    }

    /** Why the central key must not be used or its policy written now; empty when it is usable. */
    public static Optional<String> keyUnusable(Observation<KeyMetadata> key) {
        if (!key.ok()) {
            return Optional.of("the central key could not be checked (" + key.failure() + ")");
        }
        return usable(key.value()) ? Optional.empty() : Optional.of("the central " + describe(key.value()));
    }
}
