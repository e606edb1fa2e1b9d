package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.sql.TableName;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which tables of the binlog a source captures, matched as the server matches table names. With
 * {@code lower_case_table_names=0} (the default on Linux) database and table names are case
 * sensitive, so {@code shop.Orders} is only the table created as {@code Orders}. With 1 (names
 * stored in lower case, the default on Windows) or 2 (stored as given, compared in lower case,
 * the default on macOS) the server treats names differing only in case as one, and so does this.
 */
final class CapturedTables {
    private final Set<TableName> names;
    private final boolean ignoreCase;

    private CapturedTables(List<TableName> tables, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        Set<TableName> s = new HashSet<>();
        for (TableName t : tables) {
            s.add(key(t.schema(), t.table()));
        }
        this.names = Set.copyOf(s);
    }

    /** The tables, matched under the server's {@code lower_case_table_names}. */
    static CapturedTables on(ServerCatalog catalog, List<TableName> tables) throws SQLException {
        return new CapturedTables(tables, ignoresCase(catalog));
    }

    /** The tables, matched exactly or ignoring case. */
    static CapturedTables of(List<TableName> tables, boolean ignoreCase) {
        return new CapturedTables(tables, ignoreCase);
    }

    /** Whether the server compares database and table names without regard to case. */
    static boolean ignoresCase(ServerCatalog catalog) throws SQLException {
        String v = catalog.variable("lower_case_table_names");
        return v != null && !"0".equals(v.strip());
    }

    boolean ignoresCase() {
        return ignoreCase;
    }

    boolean contains(String database, String table) {
        if (database == null || database.isEmpty() || table == null || table.isEmpty()) {
            return false;
        }
        return names.contains(key(database, table));
    }

    /** Whether the server's {@code database.table} is the configured {@code name} under these rules. */
    boolean same(TableName name, String database, String table) {
        return key(name.schema(), name.table()).equals(key(database, table));
    }

    private TableName key(String database, String table) {
        return ignoreCase ? new TableName(database.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))
                : new TableName(database, table);
    }
}
