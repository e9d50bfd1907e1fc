package dev.trailauditor.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failed calls a report lists: each distinct attempt once (same call, account, target, caller and error), with how
 * often and when first and last, at most {@link #LISTED} of them. A flood of denied calls is then a count, never a
 * flood of lines: whoever can be denied is anyone.
 *
 * @param count every failed call this run learned of
 * @param attempts the distinct attempts, the most frequent first, at most {@link #LISTED}
 * @param notListed distinct attempts left out
 * @param problem what kept the run from reading them all (the queue unreadable, more waiting), or null
 */
public record FailedCalls(int count, List<Attempt> attempts, int notListed, String problem) {
    public static final int LISTED = 20;

    public FailedCalls {
        attempts = List.copyOf(attempts);
    }

    /** One distinct attempt: {@code times} calls between {@code first} and {@code last} (their eventTime). */
    public record Attempt(String eventName, String account, String target, String who, String errorCode, int times,
                          String first, String last) {

        /** "StopLogging in 222222222222 on org-trail by arn:...:user/mallory: AccessDenied, 3 times (first ..., last ...)". */
        public String describe() {
            return eventName + " in " + account + (target == null ? "" : " on " + target) + " by " + who + ": " + errorCode
                    + (times == 1 ? " at " + first : ", " + times + " times from " + first + " to " + last);
        }
    }

    public static FailedCalls of(Collection<FailedCall> calls, String problem) {
        Map<List<Object>, Attempt> distinct = new LinkedHashMap<>();
        for (FailedCall failed : calls) {
            Trigger.Event call = failed.call();
            List<Object> key = java.util.Arrays.asList(call.eventName(), call.account(), call.target(), call.who(),
                    failed.errorCode());
            distinct.merge(key, new Attempt(call.eventName(), call.account(), call.target(), call.who(), failed.errorCode(), 1,
                    call.time(), call.time()), (a, b) -> new Attempt(a.eventName(), a.account(), a.target(), a.who(),
                    a.errorCode(), a.times() + b.times(), min(a.first(), b.first()), max(a.last(), b.last())));
        }
        List<Attempt> attempts = new ArrayList<>(distinct.values());
        attempts.sort(Comparator.comparingInt(Attempt::times).reversed());
        int listed = Math.min(LISTED, attempts.size());
        return new FailedCalls(calls.size(), attempts.subList(0, listed), attempts.size() - listed, problem);
    }

    /** Nothing to say: no failed call, and nothing kept the run from reading them. */
    public boolean none() {
        return count == 0 && problem == null;
    }

    // CloudTrail's eventTime is ISO 8601 in UTC, so text order is time order.
    private static String min(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
