package dev.tidemark.pglogical.internal.types;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import dev.tidemark.engine.json.JsonEnvelope;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The CPU cost of Tidemark's two per-event stages on W1-shaped rows, in one thread and without a
 * server: <em>decode</em> (pgoutput column texts to typed values, a row and its {@link ChangeEvent},
 * as the source does) and <em>encode</em> (the event to JSON with a {@link JsonEnvelope.Writer}
 * into a stream that discards the bytes, as the handler does). Timed with the thread's CPU clock,
 * which a loaded machine disturbs far less than wall time, over rounds of {@code events} events;
 * the median of the second half of the rounds (the first half warms the JIT up) is printed.
 *
 * <p>Rows are those of W1: {@code id} int8, {@code customer_id} int4, {@code amount} numeric(12,2),
 * {@code status} text ('new'), {@code created_at} timestamptz (one value per transaction of 1,000
 * rows, as {@code now()}), {@code note} text (32 hex digits). Every text is its own String, as the
 * pgoutput parser makes them.
 *
 * <p>It lives in pg-logical's test tree because the decoders it times are pg-logical internals, which
 * no other module may use; {@code benchmarks/run.sh micro} runs it with this module's test classes on
 * the class path. It is a program, not a test: nothing runs it during the build.
 *
 * <p>Usage: {@code MicroBench [rounds=30] [events=100000] [--plain-decoders]}; the source's
 * decoders remember each column's last value ({@link LastValueDecoder}), {@code --plain-decoders}
 * measures without.
 */
public final class MicroBench {
    private static final int TX_ROWS = 1000;
    private static final int[] TYPES = {20 /* int8 */, 23 /* int4 */, 1700 /* numeric */, 25 /* text */,
        1184 /* timestamptz */, 25 /* text */};
    private static final TableId TABLE = new TableId("tidemark_bench", "public", "bench_orders");
    private static final RowSchema SCHEMA = new RowSchema(TABLE, List.of(
            new Column("id", "int8", true, false), new Column("customer_id", "int4", false, false),
            new Column("amount", "numeric", false, false), new Column("status", "text", false, false),
            new Column("created_at", "timestamptz", false, false), new Column("note", "text", false, true)));

    private MicroBench() {
    }

    public static void main(String[] args) throws IOException {
        List<String> numbers = new ArrayList<>(List.of(args));
        boolean plain = numbers.remove("--plain-decoders");
        int rounds = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 30;
        int events = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 100_000;
        if (rounds < 2 || events < TX_ROWS || events % TX_ROWS != 0) {
            throw new IllegalArgumentException("need at least 2 rounds and a multiple of " + TX_ROWS + " events");
        }
        String[][] texts = w1Texts(events, new Random(42));
        TextDecoder[] decoders = decoders(plain);
        JsonEnvelope envelope = JsonEnvelope.builder().pipeline("bench_micro").build();
        CountingOutputStream out = new CountingOutputStream();
        JsonEnvelope.Writer writer = envelope.writer(out);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        double[] decodeNs = new double[rounds];
        double[] encodeNs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            List<ChangeEvent> batch = decode(texts, decoders);
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0, n = batch.size(); i < n; i++) {
                writer.write(batch.get(i));
            }
            writer.flush();
            long t2 = threads.getCurrentThreadCpuTime();
            decodeNs[r] = (t1 - t0) / (double) events;
            encodeNs[r] = (t2 - t1) / (double) events;
        }
        double[] decodeWarm = Arrays.copyOfRange(decodeNs, rounds / 2, rounds);
        double[] encodeWarm = Arrays.copyOfRange(encodeNs, rounds / 2, rounds);
        System.out.printf(Locale.ROOT, "MicroBench: %d rounds of %,d W1 events, %,d JSON bytes per event, %s decoders%n",
                rounds, events, out.count() / ((long) rounds * events), plain ? "plain" : "remembering");
        System.out.printf(Locale.ROOT, "decode (texts -> values -> event): %.0f ns/event (thread CPU, median of the last %d rounds)%n",
                median(decodeWarm), decodeWarm.length);
        System.out.printf(Locale.ROOT, "encode (event -> JSON line):       %.0f ns/event%n", median(encodeWarm));
        System.out.printf(Locale.ROOT, "all rounds, decode: %s%n", Arrays.toString(round(decodeNs)));
        System.out.printf(Locale.ROOT, "all rounds, encode: %s%n", Arrays.toString(round(encodeNs)));
    }

    /** One decoder per column, as the source keeps them per relation. */
    private static TextDecoder[] decoders(boolean plain) {
        PgValueDecoder types = PgValueDecoder.builtinsOnly();
        TextDecoder[] d = new TextDecoder[TYPES.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = plain ? types.forType(TYPES[i]) : LastValueDecoder.wrap(types.forType(TYPES[i]));
        }
        return d;
    }

    private static List<ChangeEvent> decode(String[][] texts, TextDecoder[] decoders) {
        List<ChangeEvent> events = new ArrayList<>(texts.length);
        long lsn = 0x16_0000_0000L;
        for (int tx = 0; tx < texts.length / TX_ROWS; tx++) {
            long xid = 1000 + tx;
            long commitLsn = lsn + TX_ROWS * 200L;
            String txId = xid + ":" + commitLsn;
            Instant commitTime = Instant.ofEpochSecond(1_795_600_000L + tx, 123_456_000);
            for (int i = 1; i <= TX_ROWS; i++) {
                String[] t = texts[tx * TX_ROWS + i - 1];
                Object[] values = new Object[t.length];
                for (int c = 0; c < t.length; c++) {
                    values[c] = decoders[c].decode(t[c]);
                }
                lsn += 200;
                events.add(new ChangeEvent(Operation.CREATE, TABLE, null, Row.wrap(SCHEMA, values),
                        new PgPosition(new Lsn(commitLsn), i), txId, commitTime, i, new SourceInfo.Pg(xid, new Lsn(lsn)), null));
            }
        }
        return events;
    }

    /** The column texts pgoutput sends for W1's rows, each its own String. */
    private static String[][] w1Texts(int events, Random random) {
        String[][] rows = new String[events][];
        for (int tx = 0; tx < events / TX_ROWS; tx++) {
            String createdAt = String.format(Locale.ROOT, "2026-11-25 20:%02d:%02d.%06d+00", tx / 60 % 60, tx % 60,
                    random.nextInt(1_000_000));
            for (int i = 0; i < TX_ROWS; i++) {
                int id = tx * TX_ROWS + i + 1;
                rows[id - 1] = new String[] {Integer.toString(id), Integer.toString(random.nextInt(10_001)),
                    random.nextInt(1000) + "." + String.format(Locale.ROOT, "%02d", random.nextInt(100)),
                    new String("new"), new String(createdAt),
                    String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong())};
            }
        }
        return rows;
    }

    /** Counts the bytes written to it and keeps none: the cost of serialising, without the cost of I/O. */
    private static final class CountingOutputStream extends java.io.OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }

        long count() {
            return count;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long[] round(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i]);
        }
        return out;
    }
}
