/**
 * Tidemark's public API: the event model shared by every source ({@link dev.tidemark.engine.ChangeEvent},
 * {@link dev.tidemark.engine.Row}, {@link dev.tidemark.engine.Position} and its per-source records),
 * the {@link dev.tidemark.engine.Pipeline} builder, handlers and sinks, checkpoint stores and the
 * exceptions Tidemark throws. Sources live in their own modules and plug in through
 * {@link dev.tidemark.engine.spi}.
 */
package dev.tidemark.engine;
