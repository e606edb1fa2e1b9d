package dev.tidemark.engine;

import java.util.Objects;

/**
 * A message written into the change stream by the application, such as PostgreSQL's
 * {@code pg_logical_emit_message(transactional, prefix, content)}.
 */
public record LogicalMessage(String prefix, byte[] content, boolean transactional) {
    public LogicalMessage {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(content, "content");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogicalMessage m && m.prefix.equals(prefix) && m.transactional == transactional
                && java.util.Arrays.equals(m.content, content);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode() * 31 + java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "LogicalMessage[prefix=" + prefix + ", bytes=" + content.length + ", transactional=" + transactional + "]";
    }
}
