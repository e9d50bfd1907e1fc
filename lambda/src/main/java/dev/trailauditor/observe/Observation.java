package dev.trailauditor.observe;

import java.util.function.Function;

/** One central read: the value, or why it could not be read. */
public record Observation<T>(T value, String failure) {

    public static <T> Observation<T> of(T value) {
        return new Observation<>(value, null);
    }

    public static <T> Observation<T> failed(String failure) {
        return new Observation<>(null, failure);
    }

    public boolean ok() {
        return failure == null;
    }

    public <R> Observation<R> map(Function<T, R> mapper) {
        return ok() ? of(mapper.apply(value)) : failed(failure);
    }
}
