package dev.tidemark.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff, the one retry rule Tidemark uses for handler failures and reconnects.
 *
 * @param maxAttempts    attempts before giving up, counting the first; 0 means never give up
 * @param initialBackoff wait after the first failure
 * @param maxBackoff     the wait never exceeds this
 * @param multiplier     growth of the wait per failure (at least 1)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {
    /** Handler default: 10 attempts, 100 ms doubling up to 30 s. */
    public static final RetryPolicy HANDLER_DEFAULT = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(30), 2.0);
    /** Reconnect default: forever, 500 ms doubling up to 30 s. */
    public static final RetryPolicy RECONNECT_DEFAULT = new RetryPolicy(0, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0 (0 = unlimited), got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
        }
    }

    /** Whether another attempt follows the given number of failed ones. */
    public boolean allowsAnotherAttempt(int failedAttempts) {
        return maxAttempts == 0 || failedAttempts < maxAttempts;
    }

    /** The wait after the n-th consecutive failure (1-based). */
    public Duration backoff(int failures) {
        double ms = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        return ms >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) ms);
    }
}
