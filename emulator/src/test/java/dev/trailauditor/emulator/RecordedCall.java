package dev.trailauditor.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request moto's recorder kept, named as IAM names actions ({@code kms:PutKeyPolicy}). The service comes from the
 * request's SigV4 credential scope; the operation from {@code X-Amz-Target} (the JSON protocols), the form's
 * {@code Action} (the query protocols) or, for S3's REST API, the method and path.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
record RecordedCall(String service, String operation, String method, String path, String body) {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");
    /** The verbs of calls that only read; anything else changes something. */
    private static final Pattern READ = Pattern.compile("^(Get|List|Describe|Head|Lookup|Receive|AssumeRole|Check|Validate)");

    static RecordedCall of(JsonNode entry) {
        Map<String, String> headers = headers(entry.path("headers"));
        String method = entry.path("method").asText();
        URI url = URI.create(entry.path("url").asText());
        Matcher scope = SCOPE.matcher(headers.getOrDefault("authorization", ""));
        String service = scope.find() ? scope.group(1) : "unsigned";
        String target = headers.get("x-amz-target");
        String operation;
        if (target != null) {
            operation = target.substring(target.lastIndexOf('.') + 1);
        } else {
            Matcher action = ACTION.matcher(body(entry) + "&" + (url.getRawQuery() == null ? "" : url.getRawQuery()));
            operation = action.find() ? action.group(1) : method;
        }
        return new RecordedCall(service, operation, method, URLDecoder.decode(url.getRawPath(), StandardCharsets.UTF_8), body(entry));
    }

    /** Whether the call can change what it is sent to: S3 by its method, the rest by their verb. */
    boolean writes() {
        if (service.equals("s3")) {
            return !method.equals("GET") && !method.equals("HEAD");
        }
        return !READ.matcher(operation).find();
    }

    @Override
    public String toString() {
        return service + ":" + operation + (service.equals("s3") ? " " + method + " " + path : "");
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
        }
        return headers;
    }

    private static String body(JsonNode entry) {
        String body = entry.path("body").asText("");
        return entry.path("body_encoded").asBoolean() ? new String(Base64.getDecoder().decode(body), StandardCharsets.ISO_8859_1) : body;
    }
}
