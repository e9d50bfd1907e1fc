package dev.trailauditor.observe;

import java.time.Instant;
import java.util.Optional;

/**
 * What the central bucket holds of one member trail's files, as the audit account listed them: the
 * newest log file of the trail's home region and how S3 says it is encrypted, and, when the trail
 * validates its log files, the newest digest file.
 *
 * @param logs           the newest log file found
 * @param logEncryption  how the newest log file is encrypted (HeadObject); empty when there is none
 * @param digests        the newest digest file found; empty when the trail does not validate its log files
 */
public record LogArrival(Newest logs, Optional<Encryption> logEncryption, Optional<Newest> digests) {

    /** The newest object under {@code searched} (a folder and the days looked at), if any. */
    public record Newest(String searched, Optional<StoredObject> object) {}

    /** One object as ListObjectsV2 lists it. */
    public record StoredObject(String key, Instant lastModified) {}

    /**
     * As HeadObject answers: {@code ServerSideEncryption} ("aws:kms", "AES256", or null when S3 names none)
     * and {@code SSEKMSKeyId} (null unless SSE-KMS).
     */
    public record Encryption(String algorithm, String kmsKeyId) {}
}
