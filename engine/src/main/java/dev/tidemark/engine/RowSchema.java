package dev.tidemark.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered columns of a table at one point of the stream. Sources create one per table version
 * and share it between all rows of that version, so a {@link Row} costs only its values.
 */
public final class RowSchema {
    private final TableId table;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName;

    public RowSchema(TableId table, List<Column> columns) {
        this.table = Objects.requireNonNull(table, "table");
        this.columns = List.copyOf(columns);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            if (idx.put(this.columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate column " + this.columns.get(i).name() + " in " + table);
            }
        }
        this.indexByName = Map.copyOf(idx);
    }

    public TableId table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    /** Index of the named column, or -1. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return table + columns.toString();
    }
}
