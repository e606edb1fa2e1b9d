package dev.tidemark.benchmarks;

import dev.tidemark.testing.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the figures were measured on, printed before them. */
final class MachineFacts {
    private MachineFacts() {
    }

    static void print(PostgresServer server, PrintStream out) {
        printHost(out);
        out.println("- PostgreSQL: " + server.queryScalar(server.adminDatabase(), "SELECT version()"));
        out.println("- server: " + server.kind() + " on " + server.host() + ":" + server.port() + "; "
                + settings(server, "wal_level", "shared_buffers", "fsync", "synchronous_commit", "max_wal_senders",
                        "logical_decoding_work_mem"));
        out.println();
    }

    /** The heading and the lines about the machine and the JVM, before the lines about the server. */
    static void printHost(PrintStream out) {
        out.println("## Machine");
        out.println();
        out.println("- date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.println("- nproc: " + Runtime.getRuntime().availableProcessors());
        out.println("- cpu: " + cpuModel());
        out.println("- memory: " + memTotal());
        out.println("- java: " + String.join(" / ", javaVersion()));
        out.println("- child JVM options: " + orNone(System.getenv("BENCH_JAVA_OPTS")));
    }

    private static String settings(PostgresServer server, String... names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append(n).append('=').append(server.setting(n));
        }
        return sb.toString();
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? "(JVM defaults)" : s;
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name");
    }

    private static String memTotal() {
        return procLine("/proc/meminfo", "MemTotal");
    }

    private static String procLine(String file, String key) {
        try {
            for (String l : Files.readAllLines(Path.of(file))) {
                if (l.startsWith(key)) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    /** {@code java -version} of the JVM the children run on. */
    private static List<String> javaVersion() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of("unknown (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("unknown");
        }
    }
}
