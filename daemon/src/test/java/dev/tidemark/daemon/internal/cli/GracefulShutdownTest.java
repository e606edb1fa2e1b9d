package dev.tidemark.daemon.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals reach a real {@code run} process: it stops its pipelines and exits 0, not 143 or 130. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    private Process start(String mode) throws Exception {
        Path config = dir.resolve("tidemark.yaml");
        Files.writeString(config, """
                pipelines:
                  - name: shop
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [public.orders]}
                    sinks: [{type: stdout}]
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SignalHarness.class.getName(), mode, config.toString())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private static void awaitReady(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("ready")) {
                return;
            }
        }
        throw new AssertionError("the harness exited before its pipeline ran, exit code " + p.waitFor());
    }

    private String stderr() throws Exception {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    @Test
    void sigtermStopsGracefullyAndExitsZero() throws Exception {
        Process p = start("idle");
        awaitReady(p);

        p.destroy(); // SIGTERM

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr()).isZero();
        assertThat(stderr()).contains("stop requested by signal").contains("all pipelines stopped");
    }

    @Test
    void sigintStopsGracefullyAndExitsZero() throws Exception {
        Process p = start("idle");
        awaitReady(p);

        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr()).isZero();
    }

    @Test
    void aFailedPipelineExitsOneWithoutASignal() throws Exception {
        Process p = start("fail");

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr()).isOne();
        assertThat(stderr()).contains("tidemark: pipeline shop failed: scripted failure")
                .doesNotContain("stop requested by signal");
    }
}
