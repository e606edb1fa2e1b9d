package dev.tidemark.pglogical.internal.types;

/**
 * A column's decoder that remembers the last text it decoded and the value it gave, and returns
 * that same value when the next row brings the same text. Values repeat down a column more often
 * than one would think: {@code created_at DEFAULT now()} is one timestamp for every row of a
 * transaction, and statuses, dates and amounts recur. Comparing two short strings costs a fraction
 * of parsing a timestamp or a numeric again.
 *
 * <p>Only for decoders whose values are immutable ({@code BigDecimal}, {@code java.time} values,
 * {@code UUID}): rows then share one instance, which nobody can change. Types whose value is
 * mutable ({@code bytea}'s {@code byte[]}) or cheap to parse (integers, text) are not wrapped; see
 * {@link #wrap}. A text that fails to decode is not remembered and fails again next time.
 *
 * <p>Keeps state, so an instance belongs to one thread: the source keeps one per column of each
 * relation, used by its streaming thread only.
 */
public final class LastValueDecoder implements TextDecoder {
    private final TextDecoder decoder;
    private String lastText;
    private Object lastValue;

    private LastValueDecoder(TextDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * A new remembering decoder around {@code decoder} when its values are immutable and costly
     * enough to parse that remembering pays; otherwise {@code decoder} itself.
     */
    public static TextDecoder wrap(TextDecoder decoder) {
        if (decoder instanceof BuiltinDecoder b) {
            switch (b) {
                case NUMERIC:
                case DATE:
                case TIME:
                case TIMESTAMP:
                case TIMESTAMPTZ:
                case UUID_:
                    return new LastValueDecoder(decoder);
                default:
                    return decoder;
            }
        }
        return decoder;
    }

    @Override
    public Object decode(String text) {
        if (text.equals(lastText)) {
            return lastValue;
        }
        Object value = decoder.decode(text);
        lastText = text;
        lastValue = value;
        return value;
    }

    @Override
    public String toString() {
        return decoder + " (remembers the last value)";
    }
}
