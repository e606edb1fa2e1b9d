package dev.tidemark.daemon.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tidemark.daemon.internal.config.HttpConfig;
import dev.tidemark.daemon.internal.runtime.PartStatus;
import dev.tidemark.engine.TidemarkException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /health} and {@code GET /metrics} with the JDK's HTTP server on two daemon
 * threads. {@code /health} answers 200 when every part (pipeline, ...) is RUNNING and 503 otherwise,
 * with a JSON body giving each part's state under its section's key; {@code /metrics} is the
 * Prometheus text format.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @throws TidemarkException when the address cannot be bound (port in use, unknown address)
     */
    public static HttpEndpoint start(HttpConfig config, Supplier<List<PartStatus>> statuses,
                                     PrometheusMeterRegistry registry) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 16);
        } catch (BindException e) {
            throw new TidemarkException("cannot listen on " + config.bind() + ":" + config.port() + " (" + e.getMessage()
                    + "): another process may use the port; choose another http.port, or 0 for any free port", e);
        } catch (IOException e) {
            throw new TidemarkException("cannot listen on " + config.bind() + ":" + config.port() + ": " + e
                    + " (check http.bind and http.port)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tidemark-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, statuses, registry));
        server.start();
        HttpEndpoint endpoint = new HttpEndpoint(server, executor);
        log.info("serving /health and /metrics on http://{}:{}", config.bind(), endpoint.port());
        return endpoint;
    }

    /** The bound port (the chosen one when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Supplier<List<PartStatus>> statuses,
                               PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/health") && !path.equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: use /health or /metrics\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed: use GET\n");
                return;
            }
            if (path.equals("/metrics")) {
                send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
                return;
            }
            List<PartStatus> all = statuses.get();
            boolean up = !all.isEmpty() && all.stream().allMatch(s -> s.state() == PartStatus.State.RUNNING);
            send(exchange, up ? 200 : 503, "application/json", health(up, all));
        } catch (RuntimeException e) {
            log.warn("http {} failed: {}", exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    /** The /health document: overall status, then each part's state and progress under its section's key. */
    static String health(boolean up, List<PartStatus> statuses) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", up ? "UP" : "DOWN");
        for (PartStatus s : statuses) {
            ObjectNode section = root.has(s.section()) ? (ObjectNode) root.get(s.section()) : root.putObject(s.section());
            ObjectNode p = section.putObject(s.name());
            for (Map.Entry<String, Object> d : s.details().entrySet()) {
                p.set(d.getKey(), JSON.valueToTree(d.getValue()));
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: a tree of strings and numbers always serializes", e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving at once; requests in progress are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
