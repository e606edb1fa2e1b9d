package dev.tidemark.daemon.internal.cli;

import dev.tidemark.devserver.ThrowawayPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The demo's database: a {@link ThrowawayPostgres} holding database {@value #DATABASE} with the shop's
 * tables, and the pipeline configuration that streams them. Closing it stops the server and deletes
 * its files.
 */
final class DemoServer implements AutoCloseable {
    static final String DATABASE = "shop";
    static final String PIPELINE = "demo";
    /** The slot the pipeline creates: the pgLogical default for pipeline {@value #PIPELINE}. */
    private static final String SLOT = "tidemark_" + PIPELINE;

    private final ThrowawayPostgres pg;

    private DemoServer(ThrowawayPostgres pg) {
        this.pg = pg;
    }

    /** Starts the server and installs the shop; the server is removed again when that fails. */
    static DemoServer start() throws SQLException {
        ThrowawayPostgres pg = ThrowawayPostgres.builder().start();
        try {
            pg.createDatabase(DATABASE);
            DemoServer server = new DemoServer(pg);
            server.installShop();
            return server;
        } catch (SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private void installShop() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled')");
            st.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE,"
                    + " created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,"
                    + " amount numeric(12,2) NOT NULL, status order_status NOT NULL DEFAULT 'new', items jsonb,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz)");
            st.execute("ALTER TABLE orders REPLICA IDENTITY FULL");
            st.execute("INSERT INTO customers (name, email) SELECT 'customer ' || g, 'c' || g || '@example.com'"
                    + " FROM generate_series(1, " + DemoWriter.CUSTOMERS + ") g");
        }
    }

    /** A new connection to the shop database; the caller closes it. */
    Connection connect() throws SQLException {
        return pg.connect(DATABASE);
    }

    /** One line saying what runs where, for the user. */
    String describe() throws SQLException {
        String version;
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            version = rs.getString(1);
        }
        return String.format("PostgreSQL %s on %s:%d (data in %s), database '%s' with tables customers and orders",
                version, pg.host(), pg.port(), pg.dataDirectory(), DATABASE);
    }

    /** The daemon configuration of the demo pipeline: both tables into {@code jsonl}. */
    String pipelineConfig(Path jsonl) {
        return "pipelines:\n"
                + "  - name: " + PIPELINE + "\n"
                + "    max_batch_events: 1000\n"
                + "    source:\n"
                + "      type: postgres\n"
                + "      url: jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + DATABASE + "\n"
                + "      user: " + pg.user() + "\n"
                + "      tables: [public.customers, public.orders]\n"
                + "      heartbeat_interval: 1s\n"
                + "    sinks:\n"
                + "      - type: jsonl\n"
                + "        path: '" + jsonl.toString().replace("'", "''") + "'\n";
    }

    /**
     * Waits until the pipeline's slot is active, since changes count from the slot's creation: writing
     * before would lose them. False when the pipeline stopped or the time ran out first.
     */
    boolean awaitActiveSlot(BooleanSupplier pipelineRunning, Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, SLOT);
            while (System.nanoTime() < deadline && pipelineRunning.getAsBoolean()) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                }
                Thread.sleep(100);
            }
        }
        return false;
    }

    @Override
    public void close() {
        pg.close();
    }
}
