package dev.tidemark.engine;

import java.util.Objects;

/**
 * One finding of a preflight check ({@code tidemark check}): what was checked, how it went, and
 * for a warning or failure, what is wrong and how to fix it.
 */
public record CheckResult(String name, Severity severity, String message) {
    public enum Severity { OK, WARN, FAIL }

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static CheckResult ok(String name, String message) {
        return new CheckResult(name, Severity.OK, message);
    }

    public static CheckResult warn(String name, String message) {
        return new CheckResult(name, Severity.WARN, message);
    }

    public static CheckResult fail(String name, String message) {
        return new CheckResult(name, Severity.FAIL, message);
    }
}
