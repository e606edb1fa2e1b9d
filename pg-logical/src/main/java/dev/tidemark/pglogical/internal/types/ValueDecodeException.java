package dev.tidemark.pglogical.internal.types;

import dev.tidemark.engine.TidemarkException;

/**
 * A column value's text is not in the form PostgreSQL's output function for its type writes.
 * With the replication session settings Tidemark uses this points at a changed server setting
 * or a bug; the message names the type, the value (shortened) and what to check.
 */
public final class ValueDecodeException extends TidemarkException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN = 120;

    ValueDecodeException(String typeName, String text, String problem, Throwable cause) {
        super("cannot decode " + typeName + " value '" + shorten(text) + "': " + problem
                + "; check that the replication connection sets DateStyle=ISO (connection option"
                + " options=-c DateStyle=ISO); if it does, report this value as a Tidemark bug",
                cause);
    }

    ValueDecodeException(String typeName, String text, String problem) {
        this(typeName, text, problem, null);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...(" + text.length() + " chars)";
    }
}
