package dev.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
    // as JDK 17 writes them with -Xlog:gc,gc+init:file=...:timemillis,level,tags
    private static final List<String> LOG = List.of(
            "[1000ms][info][gc,init] Heap Max Capacity: 256M",
            "[1100ms][info][gc     ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.500ms",
            "[2000ms][info][gc     ] GC(1) Pause Young (Concurrent Start) (G1 Evacuation Pause) 120M->40M(256M) 5.000ms",
            "[2001ms][info][gc     ] GC(2) Concurrent Mark Cycle",
            "[2010ms][info][gc     ] GC(2) Pause Remark 50M->45M(256M) 1.000ms",
            "[2050ms][info][gc     ] GC(2) Concurrent Mark Cycle 49.000ms",
            "[2500ms][info][gc     ] GC(3) Pause Full (G1 Compaction Pause) 250M->200M(256M) 100.250ms",
            "[3500ms][info][gc     ] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 2G->1G(4G) 7.000ms");

    @Test
    void countsThePausesInTheWindowOnly() {
        GcLog gc = GcLog.parse(LOG, 1500, 3000);
        assertThat(gc.pauses()).isEqualTo(3);
        assertThat(gc.fullPauses()).isEqualTo(1);
        assertThat(gc.pauseMillis()).isEqualTo(106.25);
        assertThat(gc.maxAfterMib()).isEqualTo(200);
        assertThat(gc.maxHeapMib()).isEqualTo(256);
        assertThat(gc.outOfMemory()).isFalse();
    }

    @Test
    void readsGigabytesAndSaysWhenNoPauseFellInTheWindow() {
        assertThat(GcLog.parse(LOG, 3000, 4000).maxAfterMib()).isEqualTo(1024);
        GcLog none = GcLog.parse(LOG, 4000, 5000);
        assertThat(none.pauses()).isZero();
        assertThat(none.maxAfterMib()).isEqualTo(-1);
    }

    @Test
    void noticesRunningOutOfMemory() {
        assertThat(GcLog.parse(List.of("[1ms][info][gc] java.lang.OutOfMemoryError: Java heap space"), 0, 10)
                .outOfMemory()).isTrue();
    }
}
