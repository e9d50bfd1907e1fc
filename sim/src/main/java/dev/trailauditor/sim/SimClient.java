package dev.trailauditor.sim;

import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** What every simulated client shares: who calls, from where, and the gate calls pass. */
abstract class SimClient implements SdkAutoCloseable {
    final Fleet fleet;
    final SimService service;
    final String callerAccountId;
    final String region;

    SimClient(Fleet fleet, SimService service, String callerAccountId, String region) {
        this.fleet = fleet;
        this.service = service;
        this.callerAccountId = callerAccountId;
        this.region = region;
    }

    <T> T read(String operation, Supplier<T> body) {
        return fleet.gate().invoke(service, callerAccountId, region, operation, false, body);
    }

    <T> T write(String operation, Supplier<T> body) {
        return fleet.gate().invoke(service, callerAccountId, region, operation, true, body);
    }

    /** The service's error type with this code (for errors without their own modelled type). */
    RuntimeException error(String errorCode, int statusCode, String message) {
        return service.error(errorCode, statusCode, message);
    }

    public String serviceName() {
        return service.clientServiceName();
    }

    /** Nothing to release; counted so tests can check the auditor closes what it opens. */
    @Override
    public void close() {
        fleet.clientClosed();
    }
}
