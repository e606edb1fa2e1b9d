package dev.tidemark.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole JVM. On a shared machine wall-clock rates move with the neighbours' load;
 * CPU per event moves much less, so the report shows both. The clock may tick in 10 ms steps:
 * meaningful for drains of seconds (N in the hundreds of thousands), coarse for tiny ones.
 */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** CPU nanoseconds used by this process so far, or -1 when the JVM cannot tell. */
    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
