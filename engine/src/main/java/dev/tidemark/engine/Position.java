package dev.tidemark.engine;

/**
 * Where a pipeline stands in its source's change stream: totally ordered within one pipeline,
 * printed in a stable text form for checkpoints, and parsed back with {@link #parse}.
 *
 * <p>A position either points at one event inside a transaction, or at the end of a whole
 * transaction ({@link #isTransactionEnd()}). Resuming from a position skips every event at or
 * before it. Positions of different sources never compare.
 */
public sealed interface Position extends Comparable<Position> permits PgPosition, BinlogPosition {

    /** The source kind, as stored in checkpoints: {@code postgresql} or {@code mysql}. */
    String kind();

    /** Stable text form, parsed back by {@link #parse(String, String)}. */
    String format();

    /** True when this position stands after a whole transaction rather than inside one. */
    boolean isTransactionEnd();

    /** Parses a checkpoint's {@code kind} and {@link #format()} text. */
    static Position parse(String kind, String text) {
        return switch (kind) {
            case PgPosition.KIND -> PgPosition.parse(text);
            case BinlogPosition.KIND -> BinlogPosition.parse(text);
            default -> throw new IllegalArgumentException("unknown position kind '" + kind
                    + "' (expected " + PgPosition.KIND + " or " + BinlogPosition.KIND + ")");
        };
    }
}
