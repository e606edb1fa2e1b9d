package dev.tidemark.testing.internal;

import dev.tidemark.testing.TestDatabaseServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What differs between PostgreSQL and MariaDB whatever the kind of server: names for messages,
 * defaults, identifier quoting and the database statements. The kind classes ({@link LocalServer},
 * {@link ContainerServer}, {@link ExternalServer}) are written once against it.
 */
enum Dialect {
    POSTGRES("PostgreSQL", "PostgresServer", Env.PG_URL, "postgresql", 5432, "postgres", "postgres"),
    MARIADB("MariaDB", "MariaDbServer", Env.MYSQL_URL, "mariadb", 3306, "root", "");

    /** The vendor's name for messages. */
    final String vendor;
    /** The public server type, for messages that tell the reader which factory to call. */
    final String serverType;
    /** The environment variable naming an external server. */
    final String urlVariable;
    private final String jdbcScheme;
    /** The port the server listens on unless told otherwise, also the port a container exposes. */
    final int defaultPort;
    /** The superuser of the servers the fixtures start. */
    final String defaultUser;
    /** Where administrative statements run: {@code postgres}, or no database at all on MariaDB. */
    final String adminDatabase;

    Dialect(String vendor, String serverType, String urlVariable, String jdbcScheme, int defaultPort,
            String defaultUser, String adminDatabase) {
        this.vendor = vendor;
        this.serverType = serverType;
        this.urlVariable = urlVariable;
        this.jdbcScheme = jdbcScheme;
        this.defaultPort = defaultPort;
        this.defaultUser = defaultUser;
        this.adminDatabase = adminDatabase;
    }

    /** The identifier quoted for this vendor: double quotes or backticks. */
    String quote(String identifier) {
        return this == POSTGRES ? Jdbc.quotePg(identifier) : Jdbc.quoteMy(identifier);
    }

    /** A URL for a server the fixtures started; the password goes in only when there is one. */
    String jdbcUrl(String host, int port, String database, String user, String password) {
        // pgjdbc decodes the path; MariaDB Connector/J takes it as written
        String path = this == POSTGRES ? URLEncoder.encode(database, StandardCharsets.UTF_8)
                : database == null ? "" : database;
        return "jdbc:" + jdbcScheme + "://" + host + ":" + port + "/" + path + "?user=" + user
                + (password.isEmpty() ? "" : "&password=" + password);
    }

    void createDatabase(TestDatabaseServer server, String name) {
        server.execute(server.adminDatabase(), "CREATE DATABASE " + quote(name));
    }

    void dropDatabase(TestDatabaseServer server, String name) {
        if (this == POSTGRES) {
            PostgresSql.dropDatabase(server, name);
        } else {
            server.execute(server.adminDatabase(), "DROP DATABASE IF EXISTS " + quote(name));
        }
    }
}
