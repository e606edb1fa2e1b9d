package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.Column;
import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.TableId;
import dev.tidemark.engine.TidemarkException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Resolves TABLE_MAP events of captured tables into {@link TableSchema}s. Column names, signedness,
 * character sets, ENUM/SET values and the primary key come from the event's optional metadata
 * when the server sends it ({@code binlog_row_metadata=FULL}); whatever is missing comes from
 * {@code information_schema.COLUMNS}.
 *
 * <p>Limitation of the {@code information_schema} fallback: it describes the table as it is now,
 * not as it was when the event was written. It is re-read after every DDL statement in the stream,
 * so rows that follow a DDL use the new definition; but a pipeline catching up on old binlog
 * across a DDL it has not reached yet may apply today's definition to older rows. A column-count
 * mismatch is detected and stops the pipeline; a change of type or order at the same count is
 * not. With {@code binlog_row_metadata=FULL} every row carries its own table definition.
 */
final class TableSchemas {
    interface CatalogAccess {
        ServerCatalog catalog() throws SQLException;
    }

    private final Map<Integer, String> collations;
    private final CatalogAccess catalog;
    private final Consumer<String> warner;
    private final Map<Long, TableSchema> byTableId = new HashMap<>();
    private final Map<String, List<ServerCatalog.ColumnInfo>> infoSchema = new HashMap<>();
    private final Set<String> warned = new HashSet<>();

    TableSchemas(Map<Integer, String> collations, CatalogAccess catalog, Consumer<String> warner) {
        this.collations = Map.copyOf(collations);
        this.catalog = catalog;
        this.warner = warner;
    }

    /** Forgets every table definition: a DDL statement passed. */
    void invalidateAll() {
        byTableId.clear();
        infoSchema.clear();
    }

    TableSchema resolve(TableMap tm) {
        TableSchema cached = byTableId.get(tm.tableId());
        if (cached != null && cached.map().sameLayout(tm)) {
            return cached;
        }
        TableSchema s = build(tm);
        if (byTableId.size() > 10_000) {
            byTableId.clear();
        }
        byTableId.put(tm.tableId(), s);
        return s;
    }

    private TableSchema build(TableMap tm) {
        int n = tm.columnCount();
        TableId id = new TableId(tm.database(), "", tm.table());
        boolean needInfo = tm.names() == null || tm.unsigned() == null || tm.collations() == null;
        for (int i = 0; i < n && !needInfo; i++) {
            int t = tm.realTypes()[i];
            needInfo = (t == ColumnType.ENUM && (tm.enumValues() == null || tm.enumValues()[i] == null))
                    || (t == ColumnType.SET && (tm.setValues() == null || tm.setValues()[i] == null));
        }
        List<ServerCatalog.ColumnInfo> info = needInfo ? infoSchemaColumns(tm) : null;
        if (info != null && info.size() != n) {
            throw new TidemarkException("the binlog has " + n + " columns for table " + id + " but information_schema"
                    + " lists " + info.size() + " now: the table changed after the events being read, and without"
                    + " binlog_row_metadata=FULL the binlog does not say what its columns were. Set"
                    + " binlog_row_metadata=FULL on the server (SET GLOBAL binlog_row_metadata=FULL) for future events;"
                    + " to get past this point, re-snapshot the table and start the pipeline from a new checkpoint");
        }
        boolean[] key = new boolean[n];
        if (tm.primaryKey() != null) {
            for (int k : tm.primaryKey()) {
                if (k >= 0 && k < n) {
                    key[k] = true;
                }
            }
        } else if (info != null) {
            for (int i = 0; i < n; i++) {
                key[i] = info.get(i).primaryKey();
            }
        }
        ColumnCodec[] codecs = new ColumnCodec[n];
        List<Column> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int realType = tm.realTypes()[i];
            ColumnCodec.Kind kind = ColumnCodec.kindOf(realType);
            ServerCatalog.ColumnInfo ci = info == null ? null : info.get(i);
            String name = tm.names() != null ? tm.names()[i] : ci.name();
            boolean unsigned = tm.unsigned() != null ? tm.unsigned()[i] : ci.unsigned();
            Charset charset = null;
            String[] enumValues = null;
            String[] setValues = null;
            if (kind == ColumnCodec.Kind.CHAR || kind == ColumnCodec.Kind.VARCHAR || kind == ColumnCodec.Kind.BLOB
                    || kind == ColumnCodec.Kind.ENUM || kind == ColumnCodec.Kind.SET) {
                String csName = charsetName(tm, i, ci);
                charset = javaCharset(csName, id, name);
                if (kind == ColumnCodec.Kind.ENUM) {
                    enumValues = tm.enumValues() != null && tm.enumValues()[i] != null
                            ? decode(tm.enumValues()[i], charset) : enumOrSetValues(ci.columnType());
                } else if (kind == ColumnCodec.Kind.SET) {
                    setValues = tm.setValues() != null && tm.setValues()[i] != null
                            ? decode(tm.setValues()[i], charset) : enumOrSetValues(ci.columnType());
                }
            }
            ColumnCodec codec = new ColumnCodec(kind, unsigned, tm.meta()[i], tm.lengths()[i], charset, enumValues, setValues);
            codecs[i] = codec;
            columns.add(new Column(name, codec.typeName(realType), key[i], tm.nullable()[i]));
        }
        String source = info == null ? "binlog row metadata" : tm.names() != null ? "binlog row metadata and information_schema"
                : "information_schema";
        return new TableSchema(id, new RowSchema(id, columns), codecs, tm, source);
    }

    private String charsetName(TableMap tm, int i, ServerCatalog.ColumnInfo ci) {
        if (tm.collations() != null && tm.collations()[i] >= 0) {
            String cs = collations.get(tm.collations()[i]);
            if (cs != null) {
                return cs;
            }
        }
        if (ci != null) {
            return ci.charset() == null ? Charsets.BINARY : ci.charset();
        }
        throw new TidemarkException("unknown collation id " + tm.collations()[i] + " for column " + (i + 1) + " of "
                + tm.database() + "." + tm.table() + "; the server's information_schema.COLLATIONS does not list it");
    }

    private Charset javaCharset(String csName, TableId id, String column) {
        try {
            return Charsets.forServerName(csName);
        } catch (IllegalArgumentException e) {
            if (warned.add(csName)) {
                warner.accept(e.getMessage() + ": values of column " + column + " of " + id + " (and of every column in"
                        + " that character set) are passed on as bytes; convert the column to utf8mb4 to get text");
            }
            return null;
        }
    }

    private static String[] decode(byte[][] raw, Charset cs) {
        String[] r = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            r[i] = new String(raw[i], cs == null ? StandardCharsets.UTF_8 : cs);
        }
        return r;
    }

    private List<ServerCatalog.ColumnInfo> infoSchemaColumns(TableMap tm) {
        String key = tm.database() + "." + tm.table();
        List<ServerCatalog.ColumnInfo> cols = infoSchema.get(key);
        if (cols == null) {
            try {
                cols = catalog.catalog().columns(tm.database(), tm.table());
            } catch (SQLException e) {
                // the connection broke (server restart): reconnecting and reading the group again heals it
                throw new dev.tidemark.engine.SourceUnavailableException("cannot read the columns of " + key
                        + " from information_schema: " + e.getMessage(), true, e);
            }
            if (cols.isEmpty()) {
                throw new TidemarkException("table " + key + " is in the binlog but not in information_schema (dropped"
                        + " since?), and without binlog_row_metadata=FULL its columns are unknown; set"
                        + " binlog_row_metadata=FULL on the server");
            }
            infoSchema.put(key, cols);
        }
        return cols;
    }

    /** Values of {@code enum('a','b''c')} or {@code set(...)}, quotes undone. */
    static String[] enumOrSetValues(String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.lastIndexOf(')');
        List<String> values = new ArrayList<>();
        if (open < 0 || close < open) {
            return new String[0];
        }
        String body = columnType.substring(open + 1, close);
        StringBuilder cur = null;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (cur == null) {
                if (ch == '\'') {
                    cur = new StringBuilder();
                }
            } else if (ch == '\'') {
                if (i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                    cur.append('\'');
                    i++;
                } else {
                    values.add(cur.toString());
                    cur = null;
                }
            } else if (ch == '\\' && i + 1 < body.length()) {
                cur.append(body.charAt(++i));
            } else {
                cur.append(ch);
            }
        }
        return values.toArray(new String[0]);
    }
}
