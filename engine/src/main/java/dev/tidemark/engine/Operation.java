package dev.tidemark.engine;

/** What a change event did, with its one-letter code in the JSON envelope ({@code op}). */
public enum Operation {
    /** A row was inserted. */
    CREATE("c"),
    /** A row was updated. */
    UPDATE("u"),
    /** A row was deleted. */
    DELETE("d"),
    /** A table was truncated; the event carries no rows. */
    TRUNCATE("t"),
    /** A logical decoding message ({@code pg_logical_emit_message}); see {@link ChangeEvent#message()}. */
    MESSAGE("m"),
    /** A row read by a snapshot. */
    READ("r");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /** The envelope code: c, u, d, t, m or r. */
    public String code() {
        return code;
    }
}
