package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;
import java.nio.file.Path;
import java.util.Map;

/** A {@code postgres:15} Testcontainers container with logical decoding on. */
public final class ContainerPostgres extends ContainerServer implements PostgresServer {
    private static final String IMAGE = "postgres:15";
    private static final String PASSWORD = "tidemark";

    public ContainerPostgres(boolean shared) {
        super(shared, Dialect.POSTGRES, IMAGE, IMAGE + " container", Map.of("POSTGRES_PASSWORD", PASSWORD),
                "postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=32",
                "-c", "max_wal_senders=32", "-c", "max_connections=200", "-c", "fsync=off",
                "-c", "full_page_writes=off", "-c", "timezone=UTC");
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public Path pgBinDir() {
        throw unsupported("give the binaries of");
    }
}
