package dev.tidemark.daemon.internal.config;

/**
 * A password from the configuration. It prints as {@code ****} (or {@code (empty)}) in every
 * {@code toString}, so that logging a config record can never leak it; only {@link #reveal()}
 * gives the value, to be passed straight to a driver.
 */
public final class Secret {
    public static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The clear text, for the JDBC driver only. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "****";
    }
}
