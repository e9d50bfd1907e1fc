package dev.trailauditor.repair;

import java.time.Instant;

/**
 * An unregistered account whose trail delivered recently through a statement a change removes, and that the changed
 * policy no longer lets in.
 *
 * @param lastDelivered when its newest file arrived in the central bucket
 * @param allowed       TIGHTEN_ALLOWED_ACCOUNTS lets it go; else the change is held
 */
public record CutOff(String account, Instant lastDelivered, boolean allowed) {}
