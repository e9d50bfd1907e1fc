package dev.trailauditor.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Shared names of the seed (its placeholders) and a compact way to write test policies. */
final class Fixtures {
    static final String BUCKET = "myBucketName";
    static final String PREFIX = "optionalLogFilePrefix";
    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String UNREGISTERED = "333333333333";
    static final String KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    /** When test requests are made (aws:CurrentTime). */
    static final java.time.Instant AT = java.time.Instant.parse("2026-11-29T03:00:00Z");
    /** The seed's bucket, prefix and key, read by the seed's first account. */
    static final CentralTarget TARGET = new CentralTarget("aws", BUCKET, LogPrefix.of(PREFIX), KEY, AUDIT, AT);

    private Fixtures() {}

    /** The seed's trail ARN placeholder for an account. */
    static String trail(String account) {
        return "arn:aws:cloudtrail:region:" + account + ":trail/trailName";
    }

    static PolicyDocument seed(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/seed/" + name)) {
            return PolicyDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A policy of the given statements, written with ' for " to keep tests readable. */
    static PolicyDocument policy(String... statements) {
        String list = Arrays.stream(statements).collect(Collectors.joining(","));
        return PolicyDocument.parse(json("{'Version':'2012-10-17','Statement':[" + list + "]}"));
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** The bucket-write requirement for a member of the seed's bucket and prefix. */
    static Requirement seedWrite(String account) {
        return CloudTrailRequirements.bucketWrite(TARGET, grantee(account));
    }

    /** The seed's trail of an account. */
    static Grantee grantee(String account) {
        return new Grantee(account, Arn.of(trail(account)));
    }
}
