package dev.trailauditor.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every simulated call passes through here: it is logged first (so failed calls are seen
 * too), then injected faults for (account, operation) or (account, "*") apply, then the
 * call's body runs.
 */
final class CallGate {
    static final String ANY_OPERATION = "*";

    private record Armed(Fault fault, AtomicInteger remaining) {
        /** True if this call is affected; counts down limited faults atomically. */
        boolean fire() {
            if (fault.limit() == 0) {
                return true;
            }
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }
    }

    private final List<SimCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, List<Armed>> faults = new ConcurrentHashMap<>();

    void inject(String accountId, String operation, Fault fault) {
        faults.computeIfAbsent(key(accountId, operation), k -> new CopyOnWriteArrayList<>())
                .add(new Armed(fault, new AtomicInteger(fault.limit())));
    }

    void clearFaults() {
        faults.clear();
    }

    <T> T invoke(SimService service, String accountId, String region, String operation, boolean mutating,
                 Supplier<T> body) {
        calls.add(new SimCall(accountId, region, service.clientServiceName(), operation, mutating));
        applyFaults(service, key(accountId, ANY_OPERATION), operation);
        applyFaults(service, key(accountId, operation), operation);
        return body.get();
    }

    List<SimCall> calls() {
        return List.copyOf(calls);
    }

    private void applyFaults(SimService service, String key, String operation) {
        for (Armed armed : faults.getOrDefault(key, List.of())) {
            if (armed.fire()) {
                armed.fault().effect().apply(service, operation);
            }
        }
    }

    private static String key(String accountId, String operation) {
        return accountId + "/" + operation;
    }
}
