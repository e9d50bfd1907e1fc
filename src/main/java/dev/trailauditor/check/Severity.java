package dev.trailauditor.check;

/** How much a failed check matters: HIGH means logs are (or will be) lost. */
public enum Severity { HIGH, MEDIUM, LOW }
