package dev.trailauditor.aws;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsServiceClientConfiguration;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * STS as the member role sessions see it: AssumeRole calls spaced to at most {@code perSecond},
 * whatever the parallelism. STS's request rate is per calling account and cannot be raised
 * (https://repost.aws/knowledge-center/iam-sts-throttling-error), so a thousand members must not
 * assume their roles in one burst; throttling that still happens is retried by the client.
 */
final class AssumeRolePacer implements StsClient {
    private final StsClient sts;
    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    AssumeRolePacer(StsClient sts, int perSecond) {
        this.sts = sts;
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    @Override
    public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
        waitForSlot();
        return sts.assumeRole(request);
    }

    private void waitForSlot() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to assume a role", e);
            }
        }
    }

    @Override
    public StsServiceClientConfiguration serviceClientConfiguration() {
        return sts.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return sts.serviceName();
    }

    /** The STS client belongs to the run's clients, which close it. */
    @Override
    public void close() {
    }
}
