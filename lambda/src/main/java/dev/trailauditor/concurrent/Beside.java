package dev.trailauditor.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Runs two pieces of work that need nothing of each other at the same time: one on a thread of its
 * own, the other on the caller's. A run checks the central policies (CPU) while its pool waits on
 * the members' calls (network), so neither waits for the other.
 */
public final class Beside {
    private Beside() {}

    /** Both results, once both are done. */
    public record Both<A, B>(A aside, B here) {}

    /**
     * @param name the extra thread's name, for a thread dump
     * @return both results; a failure of either is thrown as it was thrown, after the other has finished
     *         (or, if the caller's work failed, after the other was interrupted)
     */
    public static <A, B> Both<A, B> run(String name, Supplier<A> aside, Supplier<B> here) {
        FutureTask<A> task = new FutureTask<>(aside::get);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        B result;
        try {
            result = here.get();
        } catch (RuntimeException | Error e) {
            task.cancel(true);
            throw e;
        }
        return new Both<>(await(task), result);
    }

    private static <A> A await(FutureTask<A> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the central stage was running", e);
        }
    }
}
