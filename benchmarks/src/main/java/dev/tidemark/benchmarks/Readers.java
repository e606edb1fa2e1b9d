package dev.tidemark.benchmarks;

import java.util.List;

/** The names of the readers the runner measures, as they appear in the report. */
final class Readers {
    static final String TIDEMARK = "tidemark";
    static final String TIDEMARK_JSONL = "tidemark-jsonl";
    static final String PGJDBC_RAW = "pgjdbc-raw";
    static final List<String> ALL = List.of(PGJDBC_RAW, TIDEMARK, TIDEMARK_JSONL);

    private Readers() {
    }

    /** The slot a reader drains; one per reader, all created before the workload. */
    static String slot(String reader) {
        return "bench_" + reader.replace('-', '_');
    }
}
