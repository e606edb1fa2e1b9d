package dev.tidemark.daemon.internal.config;

/**
 * The {@code http} section: where {@code /health} and {@code /metrics} are served.
 *
 * @param bind address to listen on; default {@value #DEFAULT_BIND} (loopback only)
 * @param port TCP port; default {@value #DEFAULT_PORT}; 0 picks a free port (logged at start)
 */
public record HttpConfig(String bind, int port) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
}
