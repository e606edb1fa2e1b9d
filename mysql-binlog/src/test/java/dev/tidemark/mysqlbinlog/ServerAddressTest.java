package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ConfigException;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void oneServerHasOneAddressWhateverTheDatabaseSchemeOrParameters() {
        assertThat(MySqlSourceConfig.serverAddress("jdbc:mariadb://db/shop")).isEqualTo("db:3306");
        assertThat(MySqlSourceConfig.serverAddress("jdbc:mysql://db:3306/web?useSSL=false")).isEqualTo("db:3306");
        assertThat(MySqlSourceConfig.serverAddress("jdbc:mariadb://db:3307/")).isEqualTo("db:3307");
        assertThat(MySqlSourceConfig.serverAddress("jdbc:mariadb://[::1]:3310/shop")).isEqualTo("[::1]:3310");
        assertThat(MySqlBinlogSource.builder().url("jdbc:mysql://db/x").user("u").tables("x.t").build().config()
                .serverAddress()).isEqualTo("db:3306");
    }

    @Test
    void aUrlTheBuilderRefusesHasNoAddress() {
        assertThatThrownBy(() -> MySqlSourceConfig.serverAddress("jdbc:postgresql://db/shop"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a MySQL/MariaDB JDBC url");
    }
}
