package dev.tidemark.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Facts about another process of ours, from {@code /proc} (Linux); -1 where they cannot be read. */
final class ProcFacts {
    private ProcFacts() {
    }

    /** Peak resident set size ({@code VmHWM}) of the process, in MiB. */
    static long peakRssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim()) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux: unknown rather than a failed measurement
        }
        return -1;
    }

    /** CPU time (user + system, all threads) the process has used so far, in nanoseconds. */
    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
