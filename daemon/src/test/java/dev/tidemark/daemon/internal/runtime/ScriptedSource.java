package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.spi.SourceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A source for testing the daemon's orchestration (not a database stand-in): it emits a fixed
 * number of transactions of TRUNCATE events, then idles until the pipeline stops, or fails on demand.
 */
public final class ScriptedSource implements ChangeSource {
    public static final Instant COMMIT_TIME = Instant.parse("2030-01-01T00:00:00Z");
    private static final TableId TABLE = new TableId("shop", "public", "orders");

    private final int transactions;
    private final int eventsPerTransaction;
    private final RuntimeException failure;
    public final CountDownLatch running = new CountDownLatch(1);
    public final CountDownLatch returned = new CountDownLatch(1);
    public volatile boolean closed;

    private ScriptedSource(int transactions, int eventsPerTransaction, RuntimeException failure) {
        this.transactions = transactions;
        this.eventsPerTransaction = eventsPerTransaction;
        this.failure = failure;
    }

    public static ScriptedSource idle() {
        return new ScriptedSource(0, 0, null);
    }

    public static ScriptedSource emitting(int transactions, int eventsPerTransaction) {
        return new ScriptedSource(transactions, eventsPerTransaction, null);
    }

    public static ScriptedSource failing(RuntimeException failure) {
        return new ScriptedSource(0, 0, failure);
    }

    @Override
    public String connector() {
        return "postgresql";
    }

    @Override
    public void run(SourceContext context) throws Exception {
        try {
            running.countDown();
            if (failure != null) {
                throw failure;
            }
            for (int t = 1; t <= transactions; t++) {
                Lsn lsn = new Lsn(1000L * t);
                List<ChangeEvent> events = new ArrayList<>();
                for (int e = 1; e <= eventsPerTransaction; e++) {
                    events.add(new ChangeEvent(Operation.TRUNCATE, TABLE, null, null, new PgPosition(lsn, e),
                            "tx" + t, COMMIT_TIME, e, new SourceInfo.Pg(t, lsn), null));
                }
                Transaction tx = new Transaction("tx" + t, COMMIT_TIME, events, PgPosition.endOf(lsn), 0, true);
                while (!context.emit(tx, 50, TimeUnit.MILLISECONDS)) {
                    if (!context.isRunning()) {
                        return;
                    }
                }
            }
            while (context.isRunning()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } finally {
            returned.countDown();
        }
    }

    @Override
    public void acknowledge(Position position) {
    }

    @Override
    public void close() {
        closed = true;
    }
}
