package dev.tidemark.testing.internal;

/** A MySQL or MariaDB server named by {@code TIDEMARK_TEST_MYSQL_URL}: used, never started or stopped. */
public final class ExternalMariaDb extends ExternalServer implements MariaDbWithoutReplication {

    public ExternalMariaDb(boolean shared, String url) {
        super(shared, Dialect.MARIADB, parse(url), "MySQL/MariaDB");
    }

    private static JdbcUrl parse(String url) {
        JdbcUrl parsed = JdbcUrl.parse(Env.MYSQL_URL, url);
        if (parsed.scheme().equals("jdbc:mysql") && parsed.param("permitMysqlScheme").isEmpty()) {
            // MariaDB Connector/J takes jdbc:mysql: URLs only when told to
            return new JdbcUrl(parsed.scheme(), parsed.authority(), parsed.database(),
                    parsed.query().isEmpty() ? "permitMysqlScheme" : parsed.query() + "&permitMysqlScheme");
        } else if (!parsed.scheme().equals("jdbc:mariadb") && !parsed.scheme().equals("jdbc:mysql")) {
            throw new IllegalArgumentException(Env.MYSQL_URL + " must start with jdbc:mariadb:// or jdbc:mysql://, got "
                    + parsed);
        }
        return parsed;
    }

    @Override
    public int serverId() {
        return ((Number) queryScalar(adminDatabase(), "SELECT @@GLOBAL.server_id")).intValue();
    }
}
