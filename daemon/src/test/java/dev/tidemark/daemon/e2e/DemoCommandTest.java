package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tidemark demo}: a throwaway server, a writer and the daemon's runtime, start to finish. */
class DemoCommandTest {
    private static final Pattern DONE = Pattern.compile("Done: ([\\d,]+) rows written, ([\\d,]+) events in (\\S+) \\(");
    private static final Pattern DATA = Pattern.compile("\\(data in (\\S+)\\)");

    @Test
    void theDemoWritesAsManyEventsToItsJsonlFileAsItSaysAndRemovesItsServer() throws Exception {
        Path dir = E2e.workDir(getClass(), "demo");

        try (DaemonProcess demo = DaemonProcess.start(dir, Map.of(), "demo", "--seconds", "2")) {
            int exit = demo.awaitExit(Duration.ofSeconds(120));
            String out = demo.stdout();
            assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, demo.stderr()).isZero();

            Path jsonl = dir.resolve("tidemark-demo/shop.jsonl");
            assertThat(out).contains("Streaming public.customers and public.orders into " + jsonl);
            Matcher done = DONE.matcher(out);
            assertThat(done.find()).as("summary line in%n%s", out).isTrue();
            long written = Long.parseLong(done.group(1).replace(",", ""));
            long events = Long.parseLong(done.group(2).replace(",", ""));
            assertThat(Path.of(done.group(3))).isEqualTo(jsonl);
            assertThat(written).as("rows written in 2 s").isPositive();
            assertThat(events).as("events captured").isEqualTo(written);

            List<JsonNode> lines = E2e.readJsonl(jsonl);
            assertThat(lines).hasSize((int) events);
            assertThat(lines).extracting(e -> e.path("source").path("table").asText()).containsOnly("orders");
            assertThat(lines).extracting(e -> e.path("op").asText()).contains("c");

            Matcher data = DATA.matcher(out);
            assertThat(data.find()).as("data directory in%n%s", out).isTrue();
            assertThat(Path.of(data.group(1))).as("the throwaway server's files").doesNotExist();
            assertThat(out).contains("The throwaway PostgreSQL was stopped and removed.");
        }
    }
}
