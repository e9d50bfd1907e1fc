package dev.trailauditor.observe;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.observe.LogArrival.Encryption;
import dev.trailauditor.observe.LogArrival.Newest;
import dev.trailauditor.observe.LogArrival.StoredObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Lists what a member's trail delivered into the central bucket, with the function's own role (no member call).
 * CloudTrail writes log files under {@code PREFIX/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/} and digest
 * files under {@code .../CloudTrail-Digest/<region>/YYYY/MM/DD/}, the day being the delivery's in UTC
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
 * Day folders are listed newest first, so a member whose files arrive costs one listing per kind (plus a page per
 * 1,000 files in that day), and one HeadObject on the newest log file. Before a tightening, it also lists whose other
 * trails deliver there ({@link #recentDeliveries}).
 */
public final class ArrivalReader {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final String LOGS = "CloudTrail";
    private static final String DIGESTS = "CloudTrail-Digest";
    private static final Pattern ACCOUNT_FOLDER = Pattern.compile("\\d{12}");
    /**
     * Whoever a loose statement lets write can add account folders: beyond this many unregistered ones the listing stops
     * (and the tightening is held) rather than spend the run on them.
     */
    static final int MAX_OTHER_ACCOUNTS = 100;

    private final S3Client s3;
    private final DesiredTrail desired;
    private final String bucketOwner;

    /** @param bucketOwner the central bucket's owner, named in every call ({@code AuditConfig#bucketOwner}) */
    public ArrivalReader(S3Client s3, DesiredTrail desired, String bucketOwner) {
        this.s3 = s3;
        this.desired = desired;
        this.bucketOwner = bucketOwner;
    }

    /** @param validation whether the trail validates its log files, so that digest files are due as well */
    public LogArrival read(String account, String homeRegion, boolean validation, Instant now) {
        Newest logs = newest(folder(account, LOGS, homeRegion), now);
        Optional<Encryption> encryption = logs.object().map(newest -> encryption(newest.key()));
        Optional<Newest> digests = validation
                ? Optional.of(newest(folder(account, DIGESTS, homeRegion), now)) : Optional.empty();
        return new LogArrival(logs, encryption, digests);
    }

    private String folder(String account, String kind, String region) {
        return desired.prefix().keyOf("AWSLogs/" + account + "/" + kind + "/" + region + "/");
    }

    /**
     * Today's folder, then each day before back to the one a file just within DELIVERY_MAX_AGE_HOURS would be in
     * (at least yesterday's: just after midnight today's is still empty). The first folder holding anything holds
     * the newest file, since a folder is named by the day of delivery.
     */
    private Newest newest(String folder, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate oldestAllowed = LocalDate.ofInstant(now.minus(desired.deliveryMaxAge()), ZoneOffset.UTC);
        LocalDate first = oldestAllowed.isBefore(today.minusDays(1)) ? oldestAllowed : today.minusDays(1);
        String searched = folder + " (" + DAY.format(first) + " to " + DAY.format(today) + ")";
        for (LocalDate day = today; !day.isBefore(first); day = day.minusDays(1)) {
            Optional<StoredObject> newest = newestIn(folder + DAY.format(day) + "/");
            if (newest.isPresent()) {
                return new Newest(searched, newest);
            }
        }
        return new Newest(searched, Optional.empty());
    }

    /** Every page of one day folder: listings are in key order, so the newest is found by LastModified. */
    private Optional<StoredObject> newestIn(String dayFolder) {
        Comparator<StoredObject> newestLast = Comparator.comparing(StoredObject::lastModified).thenComparing(StoredObject::key);
        List<StoredObject> newestOfEachPage = new ArrayList<>();
        eachPage(dayFolder, null, page -> page.contents().stream().map(o -> new StoredObject(o.key(), o.lastModified()))
                .max(newestLast).ifPresent(newestOfEachPage::add));
        return newestOfEachPage.stream().max(newestLast);
    }

    /**
     * Whose trails deliver into the bucket besides these accounts: every account folder under PREFIX/AWSLogs/, and in
     * each the newest log and digest file of every region folder, kept when it is within DELIVERY_MAX_AGE_HOURS. Folders
     * are listed with Delimiter "/", which rolls the keys up into CommonPrefixes, 1,000 a page
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html); the day folders as {@link #read} does.
     */
    public BucketDeliveries recentDeliveries(Set<String> except, Instant now) {
        String root = desired.prefix().keyOf("AWSLogs/");
        Instant oldest = now.minus(desired.deliveryMaxAge());
        List<BucketDeliveries.Delivery> recent = new ArrayList<>();
        List<String> others = new ArrayList<>();
        int examined = 0;
        for (String folder : subfolders(root)) {
            String account = folder.substring(root.length(), folder.length() - 1);
            if (!ACCOUNT_FOLDER.matcher(account).matches()) {
                others.add(folder);
                continue;
            }
            if (except.contains(account)) {
                continue;
            }
            if (++examined > MAX_OTHER_ACCOUNTS) {
                throw new IllegalStateException("more than " + MAX_OTHER_ACCOUNTS + " account folders under " + root
                        + " that the registry does not name; not listed further");
            }
            for (String kind : List.of(LOGS, DIGESTS)) {
                String kindFolder = folder + kind + "/";
                for (String regionFolder : subfolders(kindFolder)) {
                    String region = regionFolder.substring(kindFolder.length(), regionFolder.length() - 1);
                    newest(folder(account, kind, region), now).object().filter(o -> !o.lastModified().isBefore(oldest))
                            .ifPresent(o -> recent.add(new BucketDeliveries.Delivery(account, region, kind.equals(DIGESTS),
                                    o.lastModified())));
                }
            }
        }
        return new BucketDeliveries(recent, others);
    }

    /** The folders right under a prefix (ending in "/"), every page. */
    private List<String> subfolders(String prefix) {
        List<String> folders = new ArrayList<>();
        eachPage(prefix, "/", page -> page.commonPrefixes().forEach(p -> folders.add(p.prefix())));
        return folders;
    }

    /** Lists under the prefix page by page, following the continuation token while the listing is truncated. */
    private void eachPage(String prefix, String delimiter, Consumer<ListObjectsV2Response> onPage) {
        String token = null;
        do {
            String next = token;
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(desired.bucket()).expectedBucketOwner(bucketOwner)
                    .prefix(prefix).delimiter(delimiter).continuationToken(next));
            onPage.accept(page);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /**
     * HeadObject names the encryption without reading the object (no kms:Decrypt needed)
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
     */
    private Encryption encryption(String key) {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(desired.bucket()).expectedBucketOwner(bucketOwner).key(key));
        return new Encryption(head.serverSideEncryptionAsString(), head.ssekmsKeyId());
    }
}
