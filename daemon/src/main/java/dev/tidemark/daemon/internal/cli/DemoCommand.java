package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.internal.LocalPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark demo}: a throwaway PostgreSQL started from the installed binaries (as the test
 * fixtures do), a small shop schema, a writer placing and updating orders, and the daemon's own
 * runtime streaming it into a JSONL file, with a live line of counts, rate and lag. Ctrl-C stops
 * everything and removes the server; the JSONL file stays for reading.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Run a self-contained demo on a throwaway PostgreSQL.",
        description = "Starts a private PostgreSQL (from the installed binaries, on a free port), installs a small"
                + " shop schema, writes orders for a few seconds while a pipeline streams the changes into a JSONL"
                + " file, and shows the stream live. Ctrl-C stops early; the server is removed either way.")
final class DemoCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "8", description = "How long the writer runs (default ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--rate", defaultValue = "200", description = "Writer transactions per second (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--out", defaultValue = "tidemark-demo/shop.jsonl", description = "The JSONL output file (default ${DEFAULT-VALUE}).")
    private Path out;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (seconds < 1 || rate < 1) {
            spec.commandLine().getErr().println("tidemark: --seconds and --rate must be at least 1");
            return ExitCodes.USAGE;
        }
        quietLogs();
        Path jsonl = out.toAbsolutePath();
        Files.deleteIfExists(jsonl); // each demo starts a new database, so a new stream
        o.println("Starting a throwaway PostgreSQL from the installed binaries…");
        o.flush();
        AtomicReference<Thread> runner = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        try (PostgresServer pg = LocalPostgres.create(false)) {
            pg.start();
            pg.createDatabase("shop");
            installShop(pg);
            o.printf("PostgreSQL %s on 127.0.0.1:%d (data in %s), database 'shop' with tables customers and orders%n",
                    pg.setting("server_version"), pg.port(), pg.dataDirectory());
            TidemarkConfig config = context.configLoader().parse(config(pg, jsonl), "demo");
            DaemonRuntime runtime = new DaemonRuntime(config, context.components(), context.clock());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    runtime.run();
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    stopped.countDown();
                }
            }, "tidemark-demo-runtime");
            runner.set(t);
            Writer writer = new Writer(pg);
            context.onShutdown().accept(() -> {
                writer.stop();
                runtime.requestStop();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            // changes count from the slot's creation: let the pipeline create it before writing
            if (!awaitSlot(pg, stopped)) {
                runtime.requestStop();
                stopped.await();
                spec.commandLine().getErr().println("tidemark: the demo pipeline did not start"
                        + (failure.get() == null ? " within 60 s" : ": " + failure.get().getMessage()));
                return ExitCodes.FAILURE;
            }
            o.printf("Streaming public.customers and public.orders into %s%n", jsonl);
            o.printf("Writing about %d transactions/s for %d s (Ctrl-C stops early)…%n%n", rate, seconds);
            o.flush();
            Thread w = new Thread(writer, "tidemark-demo-writer");
            w.start();
            long start = System.nanoTime();
            long lastEvents = 0;
            long lastAt = start;
            boolean writing = true;
            while (stopped.getCount() > 0) {
                Thread.sleep(1000);
                if (writing && System.nanoTime() - start >= Duration.ofSeconds(seconds).toNanos()) {
                    writer.stop();
                    w.join();
                    writing = false;
                }
                PipelineStatus st = runtime.statuses().isEmpty() ? null : runtime.statuses().get(0);
                long events = st == null ? 0 : st.eventsHandled();
                long now = System.nanoTime();
                double rateNow = (events - lastEvents) / ((now - lastAt) / 1e9);
                lastEvents = events;
                lastAt = now;
                String lag = st == null || st.lastCommitTime().isEmpty() || st.lastHandledAt().isEmpty() ? "-"
                        : Duration.between(st.lastCommitTime().get(), st.lastHandledAt().get()).toMillis() + " ms";
                o.printf("  %3ds  written %,6d rows  captured %,6d events  %,7.0f events/s  lag %s%n",
                        (now - start) / 1_000_000_000L, writer.rows.get(), events, rateNow, lag);
                o.flush();
                if (!writing && events >= writer.rows.get()) {
                    break; // caught up with everything written
                }
                if (!writing && (now - start) > Duration.ofSeconds(seconds + 30L).toNanos()) {
                    o.println("the stream did not catch up within 30 s; stopping");
                    break;
                }
            }
            writer.stop();
            w.join();
            runtime.requestStop();
            stopped.await();
            if (failure.get() != null) {
                spec.commandLine().getErr().println("tidemark: the demo pipeline failed: " + failure.get().getMessage());
                return ExitCodes.FAILURE;
            }
            summary(o, jsonl, writer.rows.get());
        }
        o.println("The throwaway PostgreSQL was stopped and removed.");
        o.flush();
        return ExitCodes.OK;
    }

    private static boolean awaitSlot(PostgresServer pg, CountDownLatch stopped) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && stopped.getCount() > 0) {
            Object active = pg.queryScalar("shop", "SELECT active FROM pg_replication_slots WHERE slot_name = 'tidemark_demo'");
            if (Boolean.TRUE.equals(active)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String config(PostgresServer pg, Path jsonl) {
        return "pipelines:\n"
                + "  - name: demo\n"
                + "    max_batch_events: 1000\n"
                + "    source:\n"
                + "      type: postgres\n"
                + "      url: jdbc:postgresql://127.0.0.1:" + pg.port() + "/shop\n"
                + "      user: " + pg.user() + "\n"
                + "      tables: [public.customers, public.orders]\n"
                + "      heartbeat_interval: 1s\n"
                + "    sinks:\n"
                + "      - type: jsonl\n"
                + "        path: '" + jsonl.toString().replace("'", "''") + "'\n";
    }

    private static void installShop(PostgresServer pg) {
        pg.execute("shop",
                "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled')",
                "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE,"
                        + " created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,"
                        + " amount numeric(12,2) NOT NULL, status order_status NOT NULL DEFAULT 'new', items jsonb,"
                        + " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO customers (name, email) SELECT 'customer ' || g, 'c' || g || '@example.com'"
                        + " FROM generate_series(1, 50) g");
    }

    /** Places orders, pays and ships some, cancels and deletes a few: one transaction per step. */
    private final class Writer implements Runnable {
        private final PostgresServer pg;
        private volatile boolean running = true;
        final AtomicLong rows = new AtomicLong();

        Writer(PostgresServer pg) {
            this.pg = pg;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            try (Connection c = pg.connect("shop")) {
                c.setAutoCommit(false);
                PreparedStatement insert = c.prepareStatement("INSERT INTO orders (customer_id, amount, items)"
                        + " VALUES (?, ?, ?::jsonb)");
                PreparedStatement advance = c.prepareStatement("UPDATE orders SET status = CASE status WHEN 'new' THEN"
                        + " 'paid'::order_status ELSE 'shipped'::order_status END, updated_at = now()"
                        + " WHERE id = (SELECT id FROM orders WHERE status IN ('new', 'paid') ORDER BY random() LIMIT 1)");
                PreparedStatement remove = c.prepareStatement("DELETE FROM orders WHERE id = (SELECT min(id) FROM orders"
                        + " WHERE status = 'shipped')");
                long pauseNanos = 1_000_000_000L / rate;
                long next = System.nanoTime();
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (running) {
                    int step = r.nextInt(10);
                    int n;
                    if (step < 6) {
                        insert.setInt(1, 1 + r.nextInt(50));
                        insert.setBigDecimal(2, java.math.BigDecimal.valueOf(r.nextInt(1, 100_000), 2));
                        insert.setString(3, "[{\"sku\":\"SKU-" + r.nextInt(1000) + "\",\"qty\":" + (1 + r.nextInt(5)) + "}]");
                        n = insert.executeUpdate();
                    } else if (step < 9) {
                        n = advance.executeUpdate();
                    } else {
                        n = remove.executeUpdate();
                    }
                    c.commit();
                    rows.addAndGet(n);
                    next += pauseNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    spec.commandLine().getErr().println("tidemark: the demo writer failed: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void summary(PrintWriter o, Path jsonl, long written) throws IOException {
        Map<String, Long> ops = new TreeMap<>();
        String first = null;
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                if (first == null && line.contains("\"table\":\"orders\"")) {
                    first = line;
                }
                int i = line.lastIndexOf("\"op\":\"");
                if (i >= 0) {
                    ops.merge(line.substring(i + 6, i + 7), 1L, Long::sum);
                }
            }
        }
        o.println();
        o.printf("Done: %,d rows written, %,d events in %s (%s)%n", written, lines, jsonl,
                ops.entrySet().stream().map(e -> opName(e.getKey()) + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("none"));
        if (first != null) {
            o.println("The first order event:");
            o.println("  " + first);
        }
        o.printf("Read it with: jq . %s | less%n", jsonl);
    }

    private static String opName(String op) {
        return switch (op) {
            case "c" -> "inserts";
            case "u" -> "updates";
            case "d" -> "deletes";
            default -> "op " + op;
        };
    }

    /** The live display replaces the daemon's INFO log lines; warnings still show. */
    private static void quietLogs() {
        org.slf4j.ILoggerFactory f = org.slf4j.LoggerFactory.getILoggerFactory();
        if (f instanceof ch.qos.logback.classic.LoggerContext lc) {
            lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
