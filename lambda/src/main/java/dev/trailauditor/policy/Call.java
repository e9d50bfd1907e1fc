package dev.trailauditor.policy;

import java.util.Objects;

/** A request the policy must allow, with what it stands for in plain words ("log file in us-east-1"). */
public record Call(String meaning, AccessRequest request) {
    public Call {
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(request, "request");
    }
}
