package dev.tidemark.daemon.internal.config;

import java.nio.file.Path;

/** One entry of a pipeline's {@code sinks} list. */
public sealed interface SinkConfig {

    /** The {@code type} value. */
    String type();

    /**
     * {@code type: jsonl}: one JSON envelope per line, appended to a file.
     *
     * @param path absolute, resolved from the configured path against the working directory
     */
    record Jsonl(Path path) implements SinkConfig {
        @Override
        public String type() {
            return "jsonl";
        }
    }

    /** {@code type: stdout}: one JSON envelope per line on standard output. */
    record Stdout() implements SinkConfig {
        @Override
        public String type() {
            return "stdout";
        }
    }
}
