package dev.trailauditor.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/** Numeric, date and IP comparisons for condition values; a value that does not parse never matches. */
final class ScalarValues {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ScalarValues() {}

    /** A matcher that orders the request value against the policy value and tests that order. */
    static BiPredicate<String, String> numeric(IntPredicate order) {
        return (policy, actual) -> {
            try {
                return order.test(new BigDecimal(actual.trim()).compareTo(new BigDecimal(policy.trim())));
            } catch (NumberFormatException e) {
                return false;
            }
        };
    }

    static BiPredicate<String, String> date(IntPredicate order) {
        return (policy, actual) -> {
            Instant policyTime = parseDate(policy);
            Instant actualTime = parseDate(actual);
            return policyTime != null && actualTime != null && order.test(actualTime.compareTo(policyTime));
        };
    }

    /** IAM dates: ISO 8601 (with or without time) or epoch seconds. */
    private static Instant parseDate(String text) {
        String value = text.trim();
        try {
            if (value.matches("-?\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(value));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /** IpAddress: is the request address inside the policy's CIDR block (or equal to its single address)? */
    static boolean inIpRange(String cidr, String address) {
        String[] parts = cidr.trim().split("/", 2);
        byte[] network = ipBytes(parts[0]);
        byte[] candidate = ipBytes(address.trim());
        if (network == null || candidate == null || network.length != candidate.length) {
            return false;
        }
        int prefixBits;
        try {
            prefixBits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
        if (prefixBits < 0 || prefixBits > network.length * 8) {
            return false;
        }
        for (int bit = 0; bit < prefixBits; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (candidate[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Address bytes of an IP literal, or null. Only literals reach InetAddress, so no DNS lookup happens. */
    private static byte[] ipBytes(String text) {
        if (IPV4.matcher(text).matches()) {
            String[] octets = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (IPV6_LITERAL.matcher(text).matches()) {
            try {
                // Brackets make InetAddress insist on an IPv6 literal.
                byte[] bytes = InetAddress.getByName("[" + text + "]").getAddress();
                return bytes.length == 16 ? bytes : null;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
