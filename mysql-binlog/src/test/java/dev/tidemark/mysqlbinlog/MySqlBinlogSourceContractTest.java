package dev.tidemark.mysqlbinlog;

import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.contract.SourceContract;
import dev.tidemark.testing.contract.SourceSpec;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/** {@link MySqlBinlogSource} keeps the source contract, on a MariaDB server of its own. */
@Tag("mariadb")
class MySqlBinlogSourceContractTest extends SourceContract {

    @Override
    protected TestDatabaseServer startServer() {
        return MariaDbServer.startDedicated();
    }

    @Override
    protected ChangeSource source(SourceSpec spec) {
        return MySqlBinlogSource.builder()
                .url("jdbc:mariadb://" + spec.host() + ":" + spec.port() + "/" + spec.database())
                .user(spec.user()).password(spec.password())
                .tables(spec.tables().stream().map(t -> spec.database() + "." + t).toList())
                .heartbeatInterval(Duration.ofMillis(500))
                .build();
    }

    @Override
    protected String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
