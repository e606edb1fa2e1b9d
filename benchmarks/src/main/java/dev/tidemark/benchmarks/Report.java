package dev.tidemark.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prints the throughput report: every drain, then per reader the median over runs of W1 and W2
 * events/s and of the peak RSS (the larger of its W1 and W2 JVMs), then ratios. A ratio is taken
 * within each run, where both readers met the same server in the same state, and the median of
 * those is printed: on a shared, noisy machine that is steadier than a ratio of two medians.
 */
final class Report {
    /** The ratios to print, {numerator, denominator} reader names, given the readers that were measured. */
    interface Pairs {
        List<String[]> of(Set<String> measured);
    }

    private final List<Measurement> all;
    private final PrintStream out;
    private final List<String> readers;
    private final Pairs pairs;
    private final boolean explainCpu;

    /**
     * @param readers    the vendor's own readers, listed first in this order (anchors follow)
     * @param explainCpu whether to print the note on what CPU µs/event measures under the medians
     */
    Report(List<Measurement> all, PrintStream out, List<String> readers, Pairs pairs, boolean explainCpu) {
        this.all = List.copyOf(all);
        this.out = out;
        this.readers = List.copyOf(readers);
        this.pairs = pairs;
        this.explainCpu = explainCpu;
    }

    /** The PostgreSQL report: Tidemark's readers against pgjdbc-raw and against each anchor measured. */
    static Report postgres(List<Measurement> all, PrintStream out) {
        return new Report(all, out, Readers.ALL, Report::postgresPairs, true);
    }

    private static List<String[]> postgresPairs(Set<String> measured) {
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {Readers.TIDEMARK, Readers.PGJDBC_RAW});
        pairs.add(new String[] {Readers.TIDEMARK_JSONL, Readers.PGJDBC_RAW});
        for (String reader : measured) {
            if (reader.startsWith("anchor:debezium")) {
                pairs.add(new String[] {Readers.TIDEMARK, reader});
                pairs.add(new String[] {Readers.TIDEMARK_JSONL, reader});
            }
        }
        if (measured.contains("anchor:pgjdbc-raw")) {
            pairs.add(new String[] {Readers.PGJDBC_RAW, "anchor:pgjdbc-raw"});
        }
        if (measured.contains("anchor:pg_recvlogical")) {
            pairs.add(new String[] {Readers.TIDEMARK, "anchor:pg_recvlogical"});
        }
        return pairs;
    }

    void print(long n, int runs) {
        out.println();
        out.println("## Every drain");
        out.println();
        out.println("| run | reader | workload | events | seconds | events/s | CPU µs/event | peak RSS MiB |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Measurement m : all) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %,d | %.2f | %,.0f | %s | %s |%n", m.run(), m.reader(), m.workload(),
                    m.events(), m.seconds(), m.eventsPerSecond(), micros(Optional.of(m.cpuMicrosPerEvent())),
                    m.rssMib() < 0 ? "–" : Long.toString(m.rssMib()));
        }
        out.println();
        out.printf(Locale.ROOT, "## Median of %d run(s), N = %,d (W1 = %,d inserts, W2 = %,d updates + %,d deletes)%n",
                runs, n, n, n / 2, n / 4);
        out.println();
        out.println("| reader | W1 events/s | W2 events/s | peak RSS MiB | W1 CPU µs/event | W2 CPU µs/event |");
        out.println("|---|---|---|---|---|---|");
        for (String reader : readers()) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", reader, rate(median(reader, Measurement.W1)),
                    rate(median(reader, Measurement.W2)), medianRss(reader).map(v -> String.format("%.0f", v)).orElse("–"),
                    micros(medianCpu(reader, Measurement.W1)), micros(medianCpu(reader, Measurement.W2)));
        }
        out.println();
        if (explainCpu) {
            out.println("CPU µs/event: CPU time of the reader's whole JVM (all threads, GC and JIT included) from the first"
                    + " event to the last, per event; steadier than events/s when neighbours load the machine.");
            out.println();
        }
        out.println("## Ratios (median over runs of the per-run ratio of events/s)");
        out.println();
        out.println("| ratio | W1 | W2 |");
        out.println("|---|---|---|");
        for (String[] p : pairs.of(readers())) {
            out.printf(Locale.ROOT, "| %s / %s | %s | %s |%n", p[0], p[1], ratio(p[0], p[1], Measurement.W1),
                    ratio(p[0], p[1], Measurement.W2));
        }
    }

    private Set<String> readers() {
        Set<String> names = new LinkedHashSet<>(readers);
        all.stream().map(Measurement::reader).forEach(names::add);
        names.removeIf(r -> all.stream().noneMatch(m -> m.reader().equals(r)));
        return names;
    }

    private Optional<Double> median(String reader, String workload) {
        double[] v = all.stream().filter(m -> m.reader().equals(reader) && m.workload().equals(workload))
                .mapToDouble(Measurement::eventsPerSecond).toArray();
        return v.length == 0 ? Optional.empty() : Optional.of(Stats.median(v));
    }

    private Optional<Double> medianCpu(String reader, String workload) {
        double[] v = all.stream().filter(m -> m.reader().equals(reader) && m.workload().equals(workload)
                        && m.cpuSeconds() >= 0)
                .mapToDouble(Measurement::cpuMicrosPerEvent).toArray();
        return v.length == 0 ? Optional.empty() : Optional.of(Stats.median(v));
    }

    private Optional<Double> medianRss(String reader) {
        Set<Integer> runs = new TreeSet<>();
        all.stream().filter(m -> m.reader().equals(reader) && m.rssMib() >= 0).forEach(m -> runs.add(m.run()));
        double[] peaks = runs.stream().mapToDouble(run -> all.stream()
                .filter(m -> m.reader().equals(reader) && m.run() == run)
                .mapToLong(Measurement::rssMib).max().orElse(-1)).toArray();
        return peaks.length == 0 ? Optional.empty() : Optional.of(Stats.median(peaks));
    }

    private String ratio(String a, String b, String workload) {
        List<Double> ratios = new ArrayList<>();
        for (Measurement ma : all) {
            if (!ma.reader().equals(a) || !ma.workload().equals(workload)) {
                continue;
            }
            all.stream().filter(mb -> mb.reader().equals(b) && mb.workload().equals(workload) && mb.run() == ma.run())
                    .findFirst().ifPresent(mb -> ratios.add(ma.eventsPerSecond() / mb.eventsPerSecond()));
        }
        if (ratios.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static String micros(Optional<Double> v) {
        return v.filter(x -> x >= 0).map(x -> String.format(Locale.ROOT, "%.2f", x)).orElse("–");
    }

    private static String rate(Optional<Double> v) {
        return v.map(x -> String.format(Locale.ROOT, "%,.0f", x)).orElse("–");
    }
}
