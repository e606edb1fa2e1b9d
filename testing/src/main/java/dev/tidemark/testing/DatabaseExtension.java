package dev.tidemark.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a test class a fresh database of its own, created before its first test and dropped after its
 * last. Register the concrete extension in a static field with {@code @RegisterExtension}; its
 * accessors are usable from {@code @BeforeAll} methods on.
 *
 * <p>The database lives on the JVM-wide shared server, or, for a {@code dedicatedServer()}
 * extension, on a server of the class's own that is closed after the class (for tests that stop,
 * kill or restart it).
 *
 * @param <S> the server type
 */
public abstract class DatabaseExtension<S extends TestDatabaseServer>
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseExtension.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Room for the random suffix within PostgreSQL's 63-byte and MariaDB's 64-character names. */
    private static final int MAX_PREFIX = 40;

    private final Supplier<S> serverSupplier;
    private final boolean dedicated;
    private S server;
    private String database;

    protected DatabaseExtension(Supplier<S> serverSupplier, boolean dedicated) {
        this.serverSupplier = serverSupplier;
        this.dedicated = dedicated;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureDatabase(context.getRequiredTestClass());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // covers registration in an instance field, where beforeAll never runs
        ensureDatabase(context.getRequiredTestClass());
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server == null) {
            return;
        }
        try {
            if (dedicated) {
                server.close();
            } else if (server.isRunning()) {
                server.dropDatabase(database);
            }
        } catch (RuntimeException e) {
            // leftovers die with the server; a failed cleanup must not fail the tests that passed
            LOG.warn("could not drop test database {} on {}: {}", database, server, e.getMessage());
        } finally {
            server = null;
            database = null;
        }
    }

    private synchronized void ensureDatabase(Class<?> testClass) {
        if (database != null) {
            return;
        }
        S s = serverSupplier.get();
        String name = databaseNameFor(testClass);
        s.createDatabase(name);
        server = s;
        database = name;
    }

    /**
     * A database name from the class's simple name, lower-cased, anything but letters, digits and
     * underscores replaced, cut to 40 characters, plus a random suffix so classes of the same name
     * and concurrent runs against one external server never collide.
     */
    static String databaseNameFor(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "t_" + base;
        }
        if (base.length() > MAX_PREFIX) {
            base = base.substring(0, MAX_PREFIX);
        }
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return base + "_" + HexFormat.of().formatHex(suffix);
    }

    private synchronized void checkReady() {
        if (database == null) {
            throw new IllegalStateException("no test database yet: register " + getClass().getSimpleName()
                    + " in a static field with @RegisterExtension and use it from @BeforeAll or a test on");
        }
    }

    /** The server the database lives on. */
    public synchronized S server() {
        checkReady();
        return server;
    }

    /** The test class's database. */
    public synchronized String database() {
        checkReady();
        return database;
    }

    /** A JDBC URL for the database, with credentials. */
    public String jdbcUrl() {
        return server().jdbcUrl(database());
    }

    /** A new connection to the database, in auto-commit mode; the caller closes it. */
    public Connection connection() {
        return server().connect(database());
    }

    /** A DataSource opening a new connection to the database per call (no pool). */
    public DataSource dataSource() {
        return server().dataSource(database());
    }

    /** Runs each statement, auto-committed, in the database. */
    public void execute(String... sql) {
        server().execute(database(), sql);
    }

    /** Rows of a query as column label to value. */
    public List<Map<String, Object>> queryForList(String sql, Object... args) {
        return server().queryForList(database(), sql, args);
    }

    /** The first column of the first row, or null when there is none. */
    public Object queryScalar(String sql, Object... args) {
        return server().queryScalar(database(), sql, args);
    }

    /** {@link #queryScalar} as a long, for counts. */
    public long queryLong(String sql, Object... args) {
        Object value = queryScalar(sql, args);
        if (!(value instanceof Number n)) {
            throw new IllegalStateException("expected a number from " + sql + ", got " + value);
        }
        return n.longValue();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (database == null ? "not created" : database + " on " + server) + "]";
    }
}
