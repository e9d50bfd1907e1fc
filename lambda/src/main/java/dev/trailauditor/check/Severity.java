package dev.trailauditor.check;

/**
 * How much a failed check matters: HIGH means logs are (or will be) lost, or any IAM principal gets
 * in; CRITICAL that anyone at all gets in (an anonymous caller).
 */
public enum Severity { CRITICAL, HIGH, MEDIUM, LOW }
