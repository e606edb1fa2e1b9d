/**
 * Ready-made {@link dev.tidemark.engine.ChangeSink}s that write the JSON envelope:
 * {@link dev.tidemark.engine.sink.JsonlSink} to a file, exactly once across crashes, and
 * {@link dev.tidemark.engine.sink.StdoutSink} to the console, at least once.
 */
package dev.tidemark.engine.sink;
