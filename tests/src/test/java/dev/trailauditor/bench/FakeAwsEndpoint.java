package dev.trailauditor.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trailauditor.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback AWS endpoint for benchmarks: what a healthy fleet answers, in each service's wire
 * protocol, after a fixed latency per call. Every member has a healthy trail named
 * {@link Fleet#trailName} homed in {@link Fleet#region}, whose files arrive in the central bucket
 * (any day folder listed holds a fresh one, SSE-KMS with the central key); the central bucket and key
 * policies are whatever the benchmark hands in, and their hardening settings those of {@link HardenedCentralAnswers}.
 *
 * <p>STS AssumeRole hands out access key ids {@code ASIA + account + 4 hex digits} (as the simulated
 * fleet does), so a member's CloudTrail calls are answered for the account that signed them.
 *
 * <p>New TCP connections are counted exactly by wrapping the accept path: clients connect to a
 * small relay ({@link #endpoint()}), which counts every {@code accept()} and pipes the bytes to the
 * {@link HttpServer} behind it. (The JDK server has no accept hook, and remote ports are no sound
 * identity: Linux reuses loopback ports in TIME_WAIT, {@code net.ipv4.tcp_tw_reuse=2}.)
 */
public final class FakeAwsEndpoint implements AutoCloseable {
    private static final String CLOUDTRAIL = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern MEMBER_KEY = Pattern.compile("ASIA(\\d{12})[0-9A-F]{4}");
    private static final Pattern ROLE_ACCOUNT = Pattern.compile("RoleArn=arn:aws:iam::(\\d{12}):role/");

    /**
     * The healthy fleet the endpoint plays: central resources in {@code region}, every member's trail homed there.
     *
     * @param busPolicy the event bus's policy, whatever bus DescribeEventBus names; null: the bus has none
     */
    public record Fleet(String auditAccount, String region, String bucket, String keyArn, String trailName,
                        String bucketPolicy, String keyPolicy, String busPolicy) {}

    /** What the endpoint saw since the last {@link #takeCounts()}. */
    public record Counts(long calls, long memberCalls, long newConnections, int peakOpenConnections,
                         long unanswered, Map<String, Long> byOperation) {}

    static {
        // The JDK server otherwise writes a response's headers and body as two segments with Nagle on: the body then
        // waits for the client's delayed ACK, adding about 40 ms to every call on loopback.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Fleet fleet;
    private final Duration latency;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ServerSocket relay;
    private final ExecutorService pumps;
    private final Thread acceptor;
    private final AtomicInteger sessions = new AtomicInteger();

    private final LongAdder calls = new LongAdder();
    private final LongAdder memberCalls = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final AtomicLong newConnections = new AtomicLong();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger peakOpenConnections = new AtomicInteger();

    /** @param handlerThreads calls answered at once (each sleeps the latency): more than the client's parallelism */
    public FakeAwsEndpoint(Fleet fleet, Duration latency, int handlerThreads) throws IOException {
        this.fleet = fleet;
        this.latency = latency;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 1024);
        handlers = Executors.newFixedThreadPool(handlerThreads, named("fake-aws-"));
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();

        relay = new ServerSocket(0, 1024, loopback);
        pumps = Executors.newCachedThreadPool(named("fake-aws-relay-"));
        acceptor = named("fake-aws-accept-").newThread(this::acceptLoop);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + relay.getLocalPort();
    }

    /** The counts since the last call, and starts counting afresh. */
    public synchronized Counts takeCounts() {
        Map<String, Long> operations = new TreeMap<>();
        byOperation.forEach((operation, count) -> operations.put(operation, count.sumThenReset()));
        operations.values().removeIf(count -> count == 0);
        Counts counts = new Counts(calls.sumThenReset(), memberCalls.sumThenReset(), newConnections.getAndSet(0),
                peakOpenConnections.getAndSet(openConnections.get()), unanswered.sumThenReset(), operations);
        return counts;
    }

    // --- the relay: counts connections, pipes bytes ---

    private void acceptLoop() {
        while (!relay.isClosed()) {
            Socket client;
            try {
                client = relay.accept();
            } catch (IOException e) {
                return; // closed
            }
            newConnections.incrementAndGet();
            peakOpenConnections.accumulateAndGet(openConnections.incrementAndGet(), Math::max);
            try {
                Socket backend = new Socket(server.getAddress().getAddress(), server.getAddress().getPort());
                client.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                AtomicInteger directions = new AtomicInteger(2);
                Runnable done = () -> {
                    if (directions.decrementAndGet() == 0) {
                        closeQuietly(client);
                        closeQuietly(backend);
                        openConnections.decrementAndGet();
                    }
                };
                pumps.execute(() -> pump(client, backend, done));
                pumps.execute(() -> pump(backend, client, done));
            } catch (IOException e) {
                closeQuietly(client);
                openConnections.decrementAndGet();
            }
        }
    }

    private static void pump(Socket from, Socket to, Runnable done) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: end both
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            done.run();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // --- the AWS side ---

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            Matcher credential = CREDENTIAL.matcher(authorization);
            boolean signed = credential.find();
            String accessKey = signed ? credential.group(1) : "";
            String service = signed ? credential.group(3) : "";
            String operation = operation(exchange, service, body);
            String caller = callerAccount(accessKey, operation, body);

            calls.increment();
            if (caller != null) {
                memberCalls.increment();
            }
            byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
            sleep(latency);

            Reply reply = service.equals("s3") ? ownedBucket(exchange.getRequestHeaders().getFirst("x-amz-expected-bucket-owner"))
                    .orElse(null) : null;
            reply = reply != null ? reply : reply(operation, caller, body, exchange.getRequestURI());
            // S3's 404 for a setting that is not configured is an answer, as AWS gives it.
            if (reply.status() != 200 && reply.status() != 404) {
                unanswered.increment();
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + calls.sum());
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), head ? -1 : out.length);
            if (!head) {
                exchange.getResponseBody().write(out);
            }
        }
    }

    /**
     * The bucket owner condition: S3 answers 403 AccessDenied when the request's x-amz-expected-bucket-owner is not the
     * bucket's owner (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html). S3 takes a
     * request without it; this fake does not, so a test shows the real SDK clients send it on every S3 call.
     */
    private Optional<Reply> ownedBucket(String expectedOwner) {
        if (expectedOwner == null) {
            return Optional.of(new Reply(400, "application/xml", "<Error><Code>MissingExpectedBucketOwner</Code><Message>"
                    + "the fake endpoint answers only S3 requests that name the bucket owner</Message></Error>"));
        }
        return expectedOwner.equals(fleet.auditAccount()) ? Optional.empty()
                : Optional.of(new Reply(403, "application/xml", "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));
    }

    private static String operation(HttpExchange exchange, String service, String body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return service + ":" + target.substring(target.lastIndexOf('.') + 1);
        }
        if (service.equals("s3")) {
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            if (method.equals("HEAD")) {
                return "s3:HeadObject";
            }
            if (query.contains("list-type=2")) {
                return "s3:ListObjectsV2";
            }
            Optional<String> read = method.equals("GET") ? HardenedCentralAnswers.s3Operation(query) : Optional.empty();
            return read.filter(r -> !r.equals("GetBucketPolicy")).map(r -> "s3:" + r)
                    .orElse("s3:" + method + (query.split("[&=]", 2)[0].equals("policy") ? "BucketPolicy" : "?" + query));
        }
        if (body.startsWith("Action=")) {
            return service + ":" + body.substring(7).split("&")[0];
        }
        return service + ":unknown";
    }

    /** The member account a call is made for: its role's access key, or the role it assumes; null for the function's own calls. */
    private static String callerAccount(String accessKey, String operation, String body) {
        Matcher member = MEMBER_KEY.matcher(accessKey);
        if (member.matches()) {
            return member.group(1);
        }
        if (operation.equals("sts:AssumeRole")) {
            Matcher role = ROLE_ACCOUNT.matcher(URLDecoder.decode(body, StandardCharsets.UTF_8));
            return role.find() ? role.group(1) : null;
        }
        return null;
    }

    private record Reply(int status, String contentType, String body, Map<String, String> headers) {
        Reply(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        static Reply json(String body) {
            return new Reply(200, "application/x-amz-json-1.1", body);
        }

        static Reply xml(String body) {
            return new Reply(200, "text/xml", body);
        }

        static Reply error(String type, String message) {
            return new Reply(400, "application/x-amz-json-1.1",
                    Json.write(Map.of("__type", type, "message", message)));
        }
    }

    /** S3's ListObjectsV2 answer: one page, not truncated (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
    public static String listObjectsV2(String bucket, String prefix, Map<String, Instant> objects) {
        StringBuilder contents = new StringBuilder();
        objects.forEach((key, lastModified) -> contents.append("<Contents><Key>").append(key).append("</Key><LastModified>")
                .append(lastModified).append("</LastModified><ETag>\"fake\"</ETag><Size>1</Size>")
                .append("<StorageClass>STANDARD</StorageClass></Contents>"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>%s</Name><Prefix>%s</Prefix>\
                <KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>%s</ListBucketResult>"""
                .formatted(bucket, prefix, objects.size(), contents);
    }

    /** HeadObject's answer for an SSE-KMS object: all in headers (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). */
    public static Map<String, String> headObjectSseKms(String keyArn, Instant lastModified) {
        return Map.of("x-amz-server-side-encryption", "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id", keyArn,
                "Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.atOffset(ZoneOffset.UTC)));
    }

    private Reply reply(String operation, String member, String body, URI uri) throws IOException {
        String trailArn = member == null ? null
                : "arn:aws:cloudtrail:" + fleet.region() + ":" + member + ":trail/" + fleet.trailName();
        switch (operation) {
            case "sts:AssumeRole" -> {
                if (member == null) {
                    return Reply.error("AccessDenied", "no RoleArn");
                }
                String accessKey = String.format("ASIA%s%04X", member, sessions.incrementAndGet() & 0xFFFF);
                return Reply.xml("""
                        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                        <Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>
                        <SessionToken>fake-token</SessionToken><Expiration>%s</Expiration></Credentials>
                        <AssumedRoleUser><Arn>arn:aws:sts::%s:assumed-role/TrailAuditorMemberRole/TrailAuditor</Arn>
                        <AssumedRoleId>AROAFAKE:TrailAuditor</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>
                        <ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>"""
                        .formatted(accessKey, Instant.now().plus(Duration.ofHours(1)), member));
            }
            case "cloudtrail:GetTrail" -> {
                if (member == null || !(body.contains("\"" + fleet.trailName() + "\"") || body.contains(trailArn))) {
                    return Reply.error("TrailNotFoundException", "Unknown trail: " + body);
                }
                return Reply.json("""
                        {"Trail":{"Name":"%s","TrailARN":"%s","HomeRegion":"%s","S3BucketName":"%s",
                         "S3KeyPrefix":"org","KmsKeyId":"%s","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true,
                         "LogFileValidationEnabled":true,"HasCustomEventSelectors":false,"IsOrganizationTrail":false}}"""
                        .formatted(fleet.trailName(), trailArn, fleet.region(), fleet.bucket(), fleet.keyArn()));
            }
            case "cloudtrail:GetTrailStatus" -> {
                long now = Instant.now().getEpochSecond();
                return Reply.json("""
                        {"IsLogging":true,"LatestDeliveryTime":%d,"LatestDigestDeliveryTime":%d,"StartLoggingTime":%d}"""
                        .formatted(now - 300, now - 600, now - 86_400 * 30));
            }
            case "cloudtrail:GetEventSelectors" -> {
                return Reply.json("""
                        {"TrailARN":"%s","EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true,
                         "DataResources":[],"ExcludeManagementEventSources":[]}]}""".formatted(trailArn));
            }
            case "cloudtrail:ListTrails" -> {
                return Reply.json("""
                        {"Trails":[{"TrailARN":"%s","Name":"%s","HomeRegion":"%s"}]}"""
                        .formatted(trailArn, fleet.trailName(), fleet.region()));
            }
            case "s3:GETBucketPolicy" -> {
                return new Reply(200, "application/json", fleet.bucketPolicy());
            }
            case "kms:GetKeyRotationStatus" -> {
                return Reply.json(HardenedCentralAnswers.keyRotationJson(fleet.keyArn()));
            }
            case "kms:ListGrants" -> {
                return Reply.json(HardenedCentralAnswers.NO_GRANTS_JSON);
            }
            case "sns:GetTopicAttributes" -> {
                return Reply.xml(HardenedCentralAnswers.topicAttributesXml(form(body, "TopicArn")));
            }
            // Every member delivers: a log file 5 minutes ago, a digest 30 minutes ago, in the folder listed.
            case "s3:ListObjectsV2" -> {
                String prefix = query(uri, "prefix");
                Instant now = Instant.now();
                boolean digest = prefix.contains("/CloudTrail-Digest/");
                return Reply.xml(listObjectsV2(fleet.bucket(), prefix, Map.of(prefix + (digest ? "digest.json.gz" : "log.json.gz"),
                        now.minusSeconds(digest ? 1800 : 300).truncatedTo(ChronoUnit.SECONDS))));
            }
            case "s3:HeadObject" -> {
                return new Reply(200, "text/xml", "", headObjectSseKms(fleet.keyArn(), Instant.now().minusSeconds(300)));
            }
            case "kms:GetKeyPolicy" -> {
                return Reply.json(Json.write(Map.of("PolicyName", "default", "Policy", fleet.keyPolicy())));
            }
            case "kms:DescribeKey" -> {
                return Reply.json("""
                        {"KeyMetadata":{"KeyId":"%s","Arn":"%s","AWSAccountId":"%s","Enabled":true,"KeyState":"Enabled",
                         "KeyManager":"CUSTOMER","KeyUsage":"ENCRYPT_DECRYPT"}}"""
                        .formatted(fleet.keyArn().substring(fleet.keyArn().indexOf("key/") + 4), fleet.keyArn(),
                                fleet.auditAccount()));
            }
            case "events:DescribeEventBus" -> {
                String bus = Json.MAPPER.readTree(body).path("Name").asText();
                Map<String, String> reply = new TreeMap<>(Map.of("Arn", bus, "Name", bus.substring(bus.lastIndexOf('/') + 1)));
                if (fleet.busPolicy() != null) {
                    reply.put("Policy", fleet.busPolicy());
                }
                return Reply.json(Json.write(reply));
            }
            case "sqs:ReceiveMessage" -> {
                return Reply.json("{\"Messages\":[]}"); // no failed calls wait
            }
            case "sns:Publish" -> {
                return Reply.xml("""
                        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>
                        <MessageId>fake-%d</MessageId></PublishResult>
                        <ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></PublishResponse>"""
                        .formatted(calls.sum()));
            }
            default -> {
                Optional<String> setting = operation.startsWith("s3:")
                        ? HardenedCentralAnswers.s3Xml(operation.substring(3), fleet.bucket(), fleet.keyArn()) : Optional.empty();
                return setting.map(xml -> new Reply(HardenedCentralAnswers.s3Status(xml), "text/xml", xml)).orElseGet(() ->
                        Reply.error("UnknownOperationException", "the fake endpoint does not answer " + operation));
            }
        }
    }

    private static String query(URI uri, String name) {
        return form(String.valueOf(uri.getRawQuery()), name);
    }

    /** A parameter of a URL-encoded form (a query string, or a query-protocol body); "" when absent. */
    private static String form(String encoded, String name) {
        for (String pair : encoded.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() throws IOException {
        relay.close();
        server.stop(0);
        handlers.shutdownNow();
        pumps.shutdownNow();
    }
}
