package dev.trailauditor.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.trailauditor.config.DesiredTrail;
import dev.trailauditor.policy.Arn;
import dev.trailauditor.policy.LogPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Which folders are listed, how the newest file is found and what HeadObject is asked, with Mockito at the SDK edge. */
class ArrivalReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");
    private static final String AUDIT = "111111111111";
    private static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/k-1";
    private static final String LOGS = "org/AWSLogs/222222222222/CloudTrail/eu-west-1/";
    private static final String DIGESTS = "org/AWSLogs/222222222222/CloudTrail-Digest/eu-west-1/";

    private final S3Client s3 = mock(S3Client.class);
    private final List<ListObjectsV2Request> listings = new ArrayList<>();
    /** Pages of objects by listed prefix; each page after the first is reached by a continuation token. */
    private Map<String, List<List<S3Object>>> folders = Map.of();
    /** Pages of the folders right under a prefix (a listing with Delimiter "/"), by listed prefix. */
    private Map<String, List<List<String>>> subfolders = Map.of();

    @BeforeEach
    @SuppressWarnings("unchecked")
    void answerFromFolders() {
        when(s3.listObjectsV2(any(Consumer.class))).thenCallRealMethod();
        when(s3.headObject(any(Consumer.class))).thenCallRealMethod();
        when(s3.listObjectsV2(any(ListObjectsV2Request.class))).thenAnswer(call -> {
            ListObjectsV2Request request = call.getArgument(0);
            listings.add(request);
            int page = request.continuationToken() == null ? 0 : Integer.parseInt(request.continuationToken());
            if ("/".equals(request.delimiter())) {
                List<List<String>> pages = subfolders.getOrDefault(request.prefix(), List.of(List.of()));
                boolean more = page + 1 < pages.size();
                return ListObjectsV2Response.builder().commonPrefixes(pages.get(page).stream()
                                .map(folder -> CommonPrefix.builder().prefix(request.prefix() + folder).build()).toList())
                        .isTruncated(more).nextContinuationToken(more ? String.valueOf(page + 1) : null).build();
            }
            List<List<S3Object>> pages = folders.getOrDefault(request.prefix(), List.of(List.of()));
            boolean more = page + 1 < pages.size();
            return ListObjectsV2Response.builder().contents(pages.get(page)).isTruncated(more)
                    .nextContinuationToken(more ? String.valueOf(page + 1) : null).build();
        });
        when(s3.headObject(any(HeadObjectRequest.class))).thenReturn(HeadObjectResponse.builder()
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY).build());
    }

    private static S3Object object(String key, Instant lastModified) {
        return S3Object.builder().key(key).lastModified(lastModified).build();
    }

    private LogArrival read(LogPrefix prefix, Duration maxAge, boolean validation) {
        return new ArrivalReader(s3, new DesiredTrail("central-logs", prefix, Arn.of(KEY), maxAge), AUDIT)
                .read("222222222222", "eu-west-1", validation, NOW);
    }

    @Test
    void aDeliveringMemberCostsOneListingPerKindAndOneHeadObjectOnTheNewestLogFile() {
        String today = LOGS + "2026/11/29/";
        folders = Map.of(
                today, List.of(List.of(object(today + "a", NOW.minusSeconds(900)), object(today + "c", NOW.minusSeconds(1200))),
                        List.of(object(today + "b", NOW.minusSeconds(300)))),
                DIGESTS + "2026/11/29/", List.of(List.of(object(DIGESTS + "2026/11/29/d", NOW.minusSeconds(1800)))));

        LogArrival arrival = read(LogPrefix.of("org"), Duration.ofHours(24), true);

        assertThat(arrival.logs().object()).contains(new LogArrival.StoredObject(today + "b", NOW.minusSeconds(300)));
        assertThat(arrival.logEncryption()).contains(new LogArrival.Encryption("aws:kms", KEY));
        assertThat(arrival.digests().flatMap(LogArrival.Newest::object).orElseThrow().lastModified()).isEqualTo(NOW.minusSeconds(1800));
        assertThat(listings).extracting(ListObjectsV2Request::prefix).as("two pages of today's logs, then today's digests")
                .containsExactly(today, today, DIGESTS + "2026/11/29/");
        assertThat(listings).allSatisfy(r -> assertThat(r.bucket()).isEqualTo("central-logs"));
        assertThat(listings).as("S3 refuses a bucket of that name another account owns")
                .allSatisfy(r -> assertThat(r.expectedBucketOwner()).isEqualTo(AUDIT));
        verify(s3).headObject(HeadObjectRequest.builder().bucket("central-logs").expectedBucketOwner(AUDIT).key(today + "b").build());
    }

    @Test
    void justAfterMidnightYesterdaysFolderHoldsTheNewest() {
        String yesterday = "AWSLogs/222222222222/CloudTrail/eu-west-1/2026/11/28/";
        folders = Map.of(yesterday, List.of(List.of(object(yesterday + "x", NOW.minus(Duration.ofHours(3))))));

        LogArrival arrival = read(LogPrefix.NONE, Duration.ofHours(24), false);

        assertThat(listings).extracting(ListObjectsV2Request::prefix)
                .containsExactly("AWSLogs/222222222222/CloudTrail/eu-west-1/2026/11/29/", yesterday);
        assertThat(arrival.logs().object().orElseThrow().key()).isEqualTo(yesterday + "x");
        assertThat(arrival.digests()).as("no validation, no digests looked for").isEmpty();
    }

    @Test
    void nothingDeliveredIsSearchedBackToTheMaximumAgeAndNeverHeaded() {
        LogArrival arrival = read(LogPrefix.of("org"), Duration.ofHours(72), true);

        assertThat(arrival.logs().object()).isEmpty();
        assertThat(arrival.logEncryption()).isEmpty();
        assertThat(arrival.logs().searched()).isEqualTo(LOGS + " (2026/11/26 to 2026/11/29)");
        assertThat(listings).extracting(ListObjectsV2Request::prefix).containsExactly(
                LOGS + "2026/11/29/", LOGS + "2026/11/28/", LOGS + "2026/11/27/", LOGS + "2026/11/26/",
                DIGESTS + "2026/11/29/", DIGESTS + "2026/11/28/", DIGESTS + "2026/11/27/", DIGESTS + "2026/11/26/");
        verify(s3, never()).headObject(any(HeadObjectRequest.class));
    }

    @Test
    void aShortMaximumAgeStillLooksAtYesterday() {
        read(LogPrefix.of("org"), Duration.ofHours(1), false);

        assertThat(listings).extracting(ListObjectsV2Request::prefix).containsExactly(LOGS + "2026/11/29/", LOGS + "2026/11/28/");
    }

    @Test
    void recentDeliveriesListTheAccountFoldersPageByPageAndKeepTheRecentFilesOfOtherAccounts() {
        String root = "org/AWSLogs/";
        String other = root + "555555555555/";
        String stale = root + "666666666666/";
        subfolders = Map.of(
                root, List.of(List.of("222222222222/", "555555555555/"), List.of("666666666666/", "o-a1b2c3d4e5/")),
                other + "CloudTrail/", List.of(List.of("eu-west-1/", "us-east-1/")),
                other + "CloudTrail-Digest/", List.of(List.of("eu-west-1/")),
                stale + "CloudTrail/", List.of(List.of("eu-west-1/")));
        String today = other + "CloudTrail/eu-west-1/2026/11/29/";
        String digests = other + "CloudTrail-Digest/eu-west-1/2026/11/29/";
        String staleDay = stale + "CloudTrail/eu-west-1/2026/11/28/";
        folders = Map.of(today, List.of(List.of(object(today + "a", NOW.minusSeconds(600)))),
                digests, List.of(List.of(object(digests + "d", NOW.minusSeconds(1800)))),
                staleDay, List.of(List.of(object(staleDay + "old", NOW.minus(Duration.ofHours(25))))));

        BucketDeliveries deliveries = new ArrivalReader(s3, new DesiredTrail("central-logs", LogPrefix.of("org"), Arn.of(KEY),
                Duration.ofHours(24)), AUDIT).recentDeliveries(java.util.Set.of("222222222222"), NOW);

        assertThat(deliveries.recent()).containsExactly(
                new BucketDeliveries.Delivery("555555555555", "eu-west-1", false, NOW.minusSeconds(600)),
                new BucketDeliveries.Delivery("555555555555", "eu-west-1", true, NOW.minusSeconds(1800)));
        assertThat(deliveries.lastDelivered("555555555555")).contains(NOW.minusSeconds(600));
        assertThat(deliveries.lastDelivered("666666666666")).as("its newest file is older than the maximum age").isEmpty();
        assertThat(deliveries.otherFolders()).containsExactly("org/AWSLogs/o-a1b2c3d4e5/");
        assertThat(listings).filteredOn(r -> r.prefix().startsWith(root + "222222222222/"))
                .as("a registered member's folder is not listed again").isEmpty();
        assertThat(listings).filteredOn(r -> r.prefix().equals(root)).hasSize(2)
                .allSatisfy(r -> assertThat(r.delimiter()).isEqualTo("/"));
        verify(s3, never()).headObject(any(HeadObjectRequest.class));
    }

    @Test
    void beyondAHundredUnregisteredAccountFoldersTheListingStops() {
        List<String> many = java.util.stream.IntStream.rangeClosed(1, ArrivalReader.MAX_OTHER_ACCOUNTS + 1)
                .mapToObj(i -> String.format("%012d/", 500000000000L + i)).toList();
        subfolders = Map.of("org/AWSLogs/", List.of(many));
        ArrivalReader reader = new ArrivalReader(s3, new DesiredTrail("central-logs", LogPrefix.of("org"), Arn.of(KEY),
                Duration.ofHours(24)), AUDIT);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.recentDeliveries(java.util.Set.of(), NOW))
                .hasMessageContaining("more than 100 account folders under org/AWSLogs/");
    }
}
