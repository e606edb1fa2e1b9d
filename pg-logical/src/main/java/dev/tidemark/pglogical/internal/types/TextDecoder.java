package dev.tidemark.pglogical.internal.types;

/**
 * Turns one non-null column value in PostgreSQL's text output format into its Java value (see
 * {@link dev.tidemark.engine.Row} for the mapping). Obtain one per column from
 * {@link PgValueDecoder#forType(int, java.sql.Connection)} when the column's type is learnt, then
 * call it for every row: it does no lookups and keeps no state, so it is safe from any thread.
 */
@FunctionalInterface
public interface TextDecoder {
    /** The pass-through decoder: the value is the text as sent. */
    TextDecoder TEXT = BuiltinDecoder.TEXT;

    /**
     * Decodes {@code text}, which must not be null (SQL NULL and unchanged TOAST values never
     * reach a decoder).
     *
     * @throws ValueDecodeException when the text is not in the form the type's output function
     *                              writes (a server setting such as {@code DateStyle} differs)
     */
    Object decode(String text);
}
