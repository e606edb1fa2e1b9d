package dev.tidemark.engine.internal.jdbc;

import dev.tidemark.engine.ConfigException;
import java.util.regex.Pattern;

/** The names Tidemark gives its own database objects, and the rule they follow. */
public final class SqlNames {
    /** The schema (PostgreSQL) or database (MySQL/MariaDB) used when none is configured. */
    public static final String DEFAULT_SCHEMA = "tidemark";
    public static final String CHECKPOINTS_TABLE = "checkpoints";

    /**
     * Plain identifiers only: they then mean the same on every vendor and are safe inside the
     * migration changelog's SQL, where Liquibase substitutes them as text.
     */
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private SqlNames() {
    }

    /** Throws a {@link ConfigException} naming {@code key} when {@code schema} is not a plain identifier. */
    public static String checkSchema(String key, String schema) {
        if (schema == null || !PLAIN_IDENTIFIER.matcher(schema).matches()) {
            throw new ConfigException(key + ": '" + schema + "' is not a plain identifier; use 1 to 63 letters,"
                    + " digits and underscores, starting with a letter or underscore (default '" + DEFAULT_SCHEMA + "')");
        }
        return schema;
    }
}
