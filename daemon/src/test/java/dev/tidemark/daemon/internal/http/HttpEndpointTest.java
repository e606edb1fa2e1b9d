package dev.tidemark.daemon.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.daemon.internal.config.ConfigLoader;
import dev.tidemark.daemon.internal.config.HttpConfig;
import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import dev.tidemark.daemon.internal.runtime.FakeComponents;
import dev.tidemark.daemon.internal.runtime.PartStatus;
import dev.tidemark.daemon.internal.runtime.PipelinesHost;
import dev.tidemark.daemon.internal.runtime.ScriptedSource;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.testing.SettableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static PartStatus status(String name, PipelineStatus.State state) {
        return PipelinesHost.partStatus(new PipelineStatus(name, state, 12, 3, Optional.of(Instant.parse("2030-01-01T00:00:00Z")),
                Optional.empty(), Optional.of(PgPosition.endOf(new Lsn(0x16B3748L))), Optional.empty()));
    }

    @Test
    void healthIsUpOnlyWhileEveryPipelineRuns() throws Exception {
        AtomicReference<List<PartStatus>> statuses = new AtomicReference<>(List.of(
                status("orders", PipelineStatus.State.RUNNING), status("customers", PipelineStatus.State.RUNNING)));
        try (HttpEndpoint http = HttpEndpoint.start(new HttpConfig("127.0.0.1", 0), statuses::get,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> up = get(http.port(), "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.headers().firstValue("Content-Type")).contains("application/json");
            JsonNode body = JSON.readTree(up.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.at("/pipelines/orders/state").asText()).isEqualTo("RUNNING");
            assertThat(body.at("/pipelines/orders/events_handled").asLong()).isEqualTo(12);
            assertThat(body.at("/pipelines/orders/last_checkpoint").asText()).isEqualTo("0/16B3748");
            assertThat(body.at("/pipelines/orders/last_commit_time").asText()).isEqualTo("2030-01-01T00:00:00Z");

            statuses.set(List.of(status("orders", PipelineStatus.State.RUNNING),
                    status("customers", PipelineStatus.State.FAILED)));
            HttpResponse<String> down = get(http.port(), "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).get("status").asText()).isEqualTo("DOWN");
            assertThat(JSON.readTree(down.body()).at("/pipelines/customers/state").asText()).isEqualTo("FAILED");
        }
    }

    @Test
    void healthIsDownWithoutPipelines() throws Exception {
        try (HttpEndpoint http = HttpEndpoint.start(new HttpConfig("127.0.0.1", 0), List::of,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(get(http.port(), "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        try (HttpEndpoint http = HttpEndpoint.start(new HttpConfig("127.0.0.1", 0), List::of,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(get(http.port(), "/").statusCode()).isEqualTo(404);
            assertThat(get(http.port(), "/health/x").statusCode()).isEqualTo(404);
            HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + http.port() + "/health"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aPortInUseIsReportedWithTheKeyToChange() {
        try (HttpEndpoint first = HttpEndpoint.start(new HttpConfig("127.0.0.1", 0), List::of,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThatThrownBy(() -> HttpEndpoint.start(new HttpConfig("127.0.0.1", first.port()), List::of,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                    .isInstanceOf(TidemarkException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port())
                    .hasMessageContaining("choose another http.port");
        }
    }

    @Test
    void metricsShowEachPipelinesProgressAndLag() throws Exception {
        SettableClock clock = new SettableClock(ScriptedSource.COMMIT_TIME.plusSeconds(42));
        FakeComponents components = new FakeComponents().source("orders", () -> ScriptedSource.emitting(3, 2));
        DaemonRuntime runtime = new DaemonRuntime(ConfigLoader.withEnvironment(Map.of(), Path.of("/tmp")).parse("""
                http: {port: 0}
                pipelines:
                  - name: orders
                    source: {type: postgres, url: 'jdbc:postgresql://h/shop', user: u, tables: [public.orders]}
                    sinks: [{type: stdout}]
                  - name: customers
                    source: {type: postgres, url: 'jdbc:postgresql://h/shop', user: u, tables: [public.customers]}
                    sinks: [{type: stdout}]
                """, "test.yaml"), components, clock);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                runtime.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.httpPort().isPresent()
                    && runtime.statuses().get(0).transactionsHandled() == 3);
            int port = runtime.httpPort().orElseThrow();

            HttpResponse<String> metrics = get(port, "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).contains(HttpEndpoint.PROMETHEUS_TEXT);
            assertThat(metrics.body()).contains(
                    "tidemark_events_total{pipeline=\"orders\"} 6.0",
                    "tidemark_transactions_total{pipeline=\"orders\"} 3.0",
                    "tidemark_events_total{pipeline=\"customers\"} 0.0",
                    "tidemark_pipeline_running{pipeline=\"orders\"} 1.0",
                    "tidemark_lag_seconds{pipeline=\"orders\"} 42.0",
                    "tidemark_lag_seconds{pipeline=\"customers\"} NaN",
                    "tidemark_checkpoint_age_seconds{pipeline=\"orders\"} 0.0",
                    "tidemark_handler_failures_total{pipeline=\"orders\"} 0.0",
                    "tidemark_batch_duration_seconds_count{pipeline=\"orders\"}");
            assertThat(metrics.body()).containsPattern("tidemark_batches_total\\{pipeline=\"orders\"} [1-3]\\.0");

            clock.advance(Duration.ofSeconds(8));
            assertThat(get(port, "/metrics").body()).contains("tidemark_lag_seconds{pipeline=\"orders\"} 50.0",
                    "tidemark_checkpoint_age_seconds{pipeline=\"orders\"} 8.0");
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        } finally {
            runtime.requestStop();
            done.get(10, TimeUnit.SECONDS);
        }
    }
}
