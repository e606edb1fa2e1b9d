package dev.tidemark.engine;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What a source reports about itself without streaming, for {@code tidemark status}.
 *
 * @param lagBytes how much change data the server retains for the pipeline beyond what it
 *                 acknowledged (PostgreSQL: current WAL LSN minus the slot's confirmed flush LSN)
 * @param details  other facts worth showing (slot name, active, positions), in display order
 */
public record SourceStatus(String connector, OptionalLong lagBytes, Map<String, String> details) {
    public SourceStatus {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
