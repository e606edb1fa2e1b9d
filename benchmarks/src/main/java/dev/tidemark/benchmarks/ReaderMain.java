package dev.tidemark.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child JVM entry point of one throughput drain: {@code reader=<tidemark|tidemark-jsonl|pgjdbc-raw>
 * url=... user=... slot=... publication=... expected=<events> after-lsn=<long> timeout-s=...
 * out-dir=...}. Prints one {@link ResultLine} with the events, the seconds from the first event to
 * the last, events/s and this JVM's peak RSS; exits 1 on failure.
 */
public final class ReaderMain {
    private ReaderMain() {
    }

    public static void main(String[] args) {
        try {
            ChildArgs a = new ChildArgs(args);
            String reader = a.get("reader");
            Map<String, Object> measured = switch (reader) {
                case Readers.TIDEMARK -> TidemarkReader.drain(a, TidemarkReader.Output.COUNTING_STREAM);
                case Readers.TIDEMARK_JSONL -> TidemarkReader.drain(a, TidemarkReader.Output.JSONL_FILE);
                case Readers.PGJDBC_RAW -> PgjdbcRawReader.drain(a);
                default -> throw new IllegalArgumentException("unknown reader '" + reader + "'; use one of " + Readers.ALL);
            };
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reader", reader);
            out.putAll(measured);
            out.put("rss_mib", PeakRss.mib());
            System.out.println(ResultLine.format(out));
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }
}
