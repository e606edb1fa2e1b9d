package dev.tidemark.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's unified GC log ({@code -Xlog:gc,gc+init:file=<f>:timemillis}) says about a time
 * window: pauses, their total, the largest heap left after a collection, and the heap's maximum.
 *
 * @param pauses        stop-the-world pauses in the window (young, mixed, remark, cleanup, full)
 * @param fullPauses    of which full collections
 * @param pauseMillis   their total duration
 * @param maxAfterMib   the largest heap occupancy right after a pause in the window (the live set
 *                      plus what the collector chose to keep), -1 without pauses
 * @param maxHeapMib    {@code Heap Max Capacity} from the start-up lines, -1 when absent
 * @param outOfMemory   whether the log mentions running out of memory
 */
record GcLog(int pauses, int fullPauses, double pauseMillis, long maxAfterMib, long maxHeapMib, boolean outOfMemory) {
    // [1764100000123ms][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 120M->20M(256M) 5.432ms
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+)ms\\].*\\bGC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([0-9.]+)ms");
    private static final Pattern MAX_HEAP = Pattern.compile("Heap Max Capacity: (\\d+)([KMG])");

    static GcLog read(Path file, long fromMillis, long toMillis) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), fromMillis, toMillis);
    }

    /** Pauses that began within [fromMillis, toMillis] (wall-clock epoch milliseconds). */
    static GcLog parse(List<String> lines, long fromMillis, long toMillis) {
        int pauses = 0;
        int full = 0;
        double millis = 0;
        long maxAfter = -1;
        long maxHeap = -1;
        boolean oom = false;
        for (String line : lines) {
            if (line.contains("OutOfMemory") || line.contains("Out of memory")) {
                oom = true;
            }
            Matcher h = MAX_HEAP.matcher(line);
            if (h.find()) {
                maxHeap = mib(h.group(1), h.group(2));
            }
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long at = Long.parseLong(m.group(1));
            if (at < fromMillis || at > toMillis) {
                continue;
            }
            pauses++;
            if (m.group(2).startsWith("Pause Full")) {
                full++;
            }
            millis += Double.parseDouble(m.group(9));
            maxAfter = Math.max(maxAfter, mib(m.group(5), m.group(6)));
        }
        return new GcLog(pauses, full, millis, maxAfter, maxHeap, oom);
    }

    private static long mib(String number, String unit) {
        long v = Long.parseLong(number);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
