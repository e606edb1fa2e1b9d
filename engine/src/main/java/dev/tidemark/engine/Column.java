package dev.tidemark.engine;

import java.util.Objects;

/**
 * A column of a captured table as the source described it.
 *
 * @param name     column name, as the server spells it
 * @param type     the server's type name ({@code int4}, {@code numeric}, {@code _text}, {@code varchar})
 * @param key      whether the column is part of the replica identity / primary key
 * @param optional whether NULL is allowed, when known (true when unknown)
 */
public record Column(String name, String type, boolean key, boolean optional) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
