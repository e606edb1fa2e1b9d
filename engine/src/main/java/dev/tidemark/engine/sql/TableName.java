package dev.tidemark.engine.sql;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.TableId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table's two-part name as the server stores it: {@code schema} and {@code table}, already
 * unquoted and folded. On MySQL/MariaDB the first part is the database (which MySQL also calls a
 * schema). Two names are equal when both parts are equal, character for character; a MySQL/MariaDB
 * source also ignores case where the server does ({@code lower_case_table_names} 1 or 2).
 *
 * <h2>Syntax</h2>
 * {@link #parse} reads the SQL syntax every table list in Tidemark's configuration uses:
 * {@code schema.table}, whitespace allowed around each part and the dot. Each part is
 * <ul>
 *   <li>unquoted: letters, digits, {@code _} and {@code $} (PostgreSQL: not starting with a digit
 *       or {@code $}; MySQL/MariaDB: not digits only). PostgreSQL folds an unquoted part to lower
 *       case ({@code Public.Orders} is {@code public.orders}); MySQL/MariaDB keep it as written;</li>
 *   <li>double-quoted, on both dialects, with {@code ""} for a quote inside:
 *       {@code public."Order Lines"}, {@code "Sales"."Q1"}, {@code "a""b".t}. The case is kept;</li>
 *   <li>MySQL/MariaDB only: backticked, with {@code ``} for a backtick inside:
 *       {@code shop.`Order Lines`}.</li>
 * </ul>
 * A part with upper case (PostgreSQL), spaces, dots, quotes or other characters must be quoted.
 * Double quotes always delimit names here, whatever the server's {@code sql_mode}: Tidemark sends
 * the names to the server in its own quoting ({@link SqlDialect#quote(TableName)}), never as
 * written in the configuration.
 *
 * <p>The printed form ({@link #toString()}) is this syntax again, quoting each part unless it is
 * plain lower-case letters, digits and underscores, so it parses back to the same name on both
 * dialects.
 */
public record TableName(String schema, String table) {
    private static final Pattern BARE = Pattern.compile("[a-z_][a-z0-9_$]*");

    /**
     * @throws IllegalArgumentException when a part is empty or holds a NUL character
     */
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (schema.isEmpty() || table.isEmpty()) {
            throw new IllegalArgumentException("schema and table names must not be empty");
        }
        if (schema.indexOf('\0') >= 0 || table.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("schema and table names must not hold a NUL character");
        }
    }

    /**
     * Parses one {@code schema.table} written in the syntax above.
     *
     * @throws ConfigException naming the input, what is wrong and how to write it
     */
    public static TableName parse(String text, SqlDialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        return new TableNameParser(text, dialect).parse();
    }

    /**
     * Parses a table list, in order.
     *
     * @throws ConfigException listing every entry that does not parse or names a table listed before it,
     *                         not only the first
     */
    public static List<TableName> parseAll(List<String> texts, SqlDialect dialect) {
        return parseMore(List.of(), texts, dialect);
    }

    /**
     * Parses entries to add to a table list that already holds {@code listed}: the rule every
     * builder's {@code tables(...)} follows when it is called more than once.
     *
     * @throws ConfigException listing every entry that does not parse or names a table already listed
     *                         (in {@code listed} or earlier in {@code texts}), not only the first
     */
    public static List<TableName> parseMore(Collection<TableName> listed, List<String> texts, SqlDialect dialect) {
        List<TableName> out = new ArrayList<>(texts.size());
        Set<TableName> seen = new HashSet<>(listed);
        List<String> problems = new ArrayList<>();
        for (String t : texts) {
            try {
                TableName name = parse(t, dialect);
                if (seen.add(name)) {
                    out.add(name);
                } else {
                    problems.add("table '" + t + "' is " + name + ", which is listed already; list each table once");
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(out);
    }

    /** The name a captured table's {@link TableId} has: its schema, or its database where it has no schema. */
    public static TableName of(TableId id) {
        return new TableName(id.schema().isEmpty() ? id.database() : id.schema(), id.table());
    }

    /** This PostgreSQL table's {@link TableId} in the named database. */
    public TableId inDatabase(String database) {
        return new TableId(database, schema, table);
    }

    /** This MySQL/MariaDB table's {@link TableId}: the first part is the database, and there is no schema. */
    public TableId asDatabaseTable() {
        return new TableId(schema, "", table);
    }

    /** {@code schema.table} in the configuration's syntax, each part double-quoted unless plain lower case. */
    @Override
    public String toString() {
        return printed(schema) + "." + printed(table);
    }

    private static String printed(String part) {
        return BARE.matcher(part).matches() ? part : '"' + part.replace("\"", "\"\"") + '"';
    }
}
