package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens the source's plain JDBC connections (catalog queries, preflight) with MariaDB Connector/J. */
final class Jdbc {
    private Jdbc() {
    }

    static Connection connect(MySqlUrl url, MySqlSourceConfig config) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("connectTimeout", Long.toString(config.connectTimeout().toMillis()));
        // catalog queries are small; a dead server must not hang the stream for the OS's TCP timeout
        p.setProperty("socketTimeout", Long.toString(Math.max(30_000, config.connectTimeout().toMillis() * 3)));
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
