/**
 * The Debezium-compatible JSON form of change events: {@link dev.tidemark.engine.json.JsonEnvelope}
 * documents every field and how each column type is written.
 */
package dev.tidemark.engine.json;
