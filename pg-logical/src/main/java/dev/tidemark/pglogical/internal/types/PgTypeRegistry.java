package dev.tidemark.pglogical.internal.types;

import dev.tidemark.engine.SourceUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe cache of {@code pg_type}, seeded with the built-in types (whose OIDs are fixed)
 * so those never cost a query.
 *
 * <p>The first {@link #lookup} of an OID the cache does not hold loads every type with one query;
 * after that, an unknown OID (a type created while streaming: {@code CREATE TYPE}, a new enum or
 * domain) is fetched on its own. {@link #refresh} reloads everything. Lookups and loads may run
 * from any thread; loads are serialised. The connection passed in is a normal (not replication)
 * JDBC connection to the captured database; it is only borrowed, never closed or committed.
 */
public final class PgTypeRegistry {
    static final String SELECT_TYPES = "SELECT t.oid, n.nspname, t.typname, t.typtype, t.typelem, t.typbasetype,"
            + " t.typcategory, t.typdelim, t.typarray"
            + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace";
    static final String SELECT_TYPE = SELECT_TYPES + " WHERE t.oid = ?";

    private final Object loadLock = new Object();
    private volatile Map<Integer, PgType> types;
    private volatile boolean loaded;

    private PgTypeRegistry() {
        types = seed();
    }

    /** A registry that knows the built-in types and will load the rest on first use. */
    public static PgTypeRegistry create() {
        return new PgTypeRegistry();
    }

    /** The cached type, without touching the database. */
    public Optional<PgType> find(int oid) {
        return Optional.ofNullable(types.get(oid));
    }

    /**
     * The type with this OID, loading all types first if they have not been, then this one alone
     * if it is still unknown. Empty when the server has no such type (it was dropped).
     *
     * @param connection a normal JDBC connection to the captured database; may be null, which
     *                   limits the answer to what is cached
     * @throws SourceUnavailableException when the catalog query fails
     */
    public Optional<PgType> lookup(int oid, Connection connection) {
        PgType type = types.get(oid);
        if (type != null || connection == null) {
            return Optional.ofNullable(type);
        }
        synchronized (loadLock) {
            if (!loaded) {
                loadAll(connection);
            }
            type = types.get(oid);
            if (type == null) {
                type = loadOne(oid, connection);
                if (type != null) {
                    types.put(oid, type);
                }
            }
        }
        return Optional.ofNullable(type);
    }

    /**
     * Reloads every type from {@code pg_type}, replacing the cache. Call after a catalog change
     * the stream cannot reveal by OID alone, or to drop types that no longer exist.
     *
     * @throws SourceUnavailableException when the catalog query fails
     */
    public void refresh(Connection connection) {
        synchronized (loadLock) {
            loadAll(connection);
        }
    }

    /** Caches a type as if loaded; lets tests describe user types without a server. */
    void add(PgType type) {
        types.put(type.oid(), type);
    }

    /** How many types are cached (the built-ins count). */
    public int size() {
        return types.size();
    }

    /** Whether the full catalog has been loaded, as opposed to only the built-in seed. */
    public boolean isLoaded() {
        return loaded;
    }

    private void loadAll(Connection connection) {
        Map<Integer, PgType> fresh = seed();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SELECT_TYPES)) {
            while (rs.next()) {
                PgType t = read(rs);
                fresh.put(t.oid(), t);
            }
        } catch (SQLException e) {
            throw failure("all types", e);
        }
        types = fresh;
        loaded = true;
    }

    private PgType loadOne(int oid, Connection connection) {
        try (PreparedStatement ps = connection.prepareStatement(SELECT_TYPE)) {
            // OIDs are unsigned 32-bit; pass them as a long so those above 2^31 keep their value.
            ps.setLong(1, Integer.toUnsignedLong(oid));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        } catch (SQLException e) {
            throw failure("type " + Integer.toUnsignedString(oid), e);
        }
    }

    private static PgType read(ResultSet rs) throws SQLException {
        // oid columns are unsigned 32-bit: read as long, keep the bits in an int.
        return new PgType((int) rs.getLong(1), rs.getString(2), rs.getString(3),
                PgType.Kind.of(firstChar(rs.getString(4))), (int) rs.getLong(5), (int) rs.getLong(6),
                firstChar(rs.getString(7)), firstChar(rs.getString(8)), (int) rs.getLong(9));
    }

    private static char firstChar(String s) {
        return s == null || s.isEmpty() ? '\0' : s.charAt(0);
    }

    private static SourceUnavailableException failure(String what, SQLException e) {
        return new SourceUnavailableException("could not read " + what + " from pg_catalog.pg_type (SQLState "
                + e.getSQLState() + "): " + e.getMessage()
                + "; check that the source database is reachable and the user may read pg_catalog", true, e);
    }

    private static Map<Integer, PgType> seed() {
        Map<Integer, PgType> m = new ConcurrentHashMap<>(1024);
        for (PgType t : BuiltinTypes.ALL) {
            m.put(t.oid(), t);
        }
        return m;
    }
}
