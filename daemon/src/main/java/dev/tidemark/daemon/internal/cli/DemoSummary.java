package dev.tidemark.daemon.internal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The demo's closing lines: what the JSONL file holds, its first order event, and how to read it. */
final class DemoSummary {
    private DemoSummary() {
    }

    static void print(PrintWriter out, Path jsonl, long written) throws IOException {
        Map<String, Long> ops = new TreeMap<>();
        String first = null;
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines++;
                if (first == null && line.contains("\"table\":\"orders\"")) {
                    first = line;
                }
                int i = line.lastIndexOf("\"op\":\"");
                if (i >= 0) {
                    ops.merge(line.substring(i + 6, i + 7), 1L, Long::sum);
                }
            }
        }
        String counts = ops.isEmpty() ? "none" : ops.entrySet().stream()
                .map(e -> opName(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", "));
        out.println();
        out.printf("Done: %,d rows written, %,d events in %s (%s)%n", written, lines, jsonl, counts);
        if (first != null) {
            out.println("The first order event:");
            out.println("  " + first);
        }
        out.printf("Read it with: jq . %s | less%n", jsonl);
    }

    private static String opName(String op) {
        return switch (op) {
            case "c" -> "inserts";
            case "u" -> "updates";
            case "d" -> "deletes";
            default -> "op " + op;
        };
    }
}
