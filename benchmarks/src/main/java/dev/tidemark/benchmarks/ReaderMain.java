package dev.tidemark.benchmarks;

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
        ChildMain.run(args, a -> {
            String reader = a.get("reader");
            return ChildMain.result(reader, switch (reader) {
                case Readers.TIDEMARK -> TidemarkReader.drain(a, TidemarkReader.Output.COUNTING_STREAM);
                case Readers.TIDEMARK_JSONL -> TidemarkReader.drain(a, TidemarkReader.Output.JSONL_FILE);
                case Readers.PGJDBC_RAW -> PgjdbcRawReader.drain(a);
                default -> throw new IllegalArgumentException("unknown reader '" + reader + "'; use one of " + Readers.ALL);
            });
        });
    }
}
