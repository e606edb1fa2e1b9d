package dev.tidemark.benchmarks;

/**
 * One drain of one workload by one reader in one run.
 *
 * @param rssMib     peak RSS of the reader's JVM, or -1 when not known (a C client)
 * @param cpuSeconds CPU time of the reader's whole JVM from the first event to the last, or -1 when not known
 */
record Measurement(int run, String reader, String workload, long events, double seconds, double eventsPerSecond,
                   long rssMib, double cpuSeconds) {
    static final String W1 = "W1";
    static final String W2 = "W2";

    static Measurement of(int run, String workload, ResultLine r) {
        return new Measurement(run, r.get("reader"), workload, (long) r.number("events"), r.number("seconds"),
                r.number("events_per_s"), (long) r.number("rss_mib"), r.number("cpu_s"));
    }

    /** CPU microseconds per event, or -1 when not known. */
    double cpuMicrosPerEvent() {
        return cpuSeconds < 0 ? -1 : cpuSeconds * 1e6 / events;
    }
}
