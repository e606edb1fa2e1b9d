package dev.tidemark.pglogical;

import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.contract.SourceContract;
import dev.tidemark.testing.contract.SourceSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/** {@link PgLogicalSource} keeps the source contract, on a PostgreSQL server of its own. */
@Tag("postgres")
class PgLogicalSourceContractTest extends SourceContract {

    @Override
    protected TestDatabaseServer startServer() {
        return PostgresServer.startDedicated();
    }

    @Override
    protected ChangeSource source(SourceSpec spec) {
        return PgLogicalSource.builder()
                .url("jdbc:postgresql://" + spec.host() + ":" + spec.port() + "/"
                        + URLEncoder.encode(spec.database(), StandardCharsets.UTF_8))
                .user(spec.user()).password(spec.password())
                .tables(spec.tables().stream().map(t -> "public." + t).toList())
                .heartbeatInterval(Duration.ofMillis(500))
                .build();
    }

    @Override
    protected String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
