package dev.tidemark.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's peak resident set size, from {@code VmHWM} in {@code /proc/self/status} (Linux). */
final class PeakRss {
    private PeakRss() {
    }

    /** Peak RSS in MiB, or -1 where {@code /proc} is not there. */
    static long mib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    // "VmHWM:   123456 kB"
                    String kb = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unexpected format: report "unknown" rather than fail the measurement
        }
        return -1;
    }
}
