package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.JdbcUrls;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jdbc:mariadb://} or {@code jdbc:mysql://} URL taken apart: the binlog client needs host
 * and port, the JDBC side gets a {@code jdbc:mariadb://} URL (MariaDB Connector/J talks to both
 * servers) with the original parameters.
 */
public record MySqlUrl(String host, int port, String database, String parameters) {
    private static final Pattern URL = Pattern.compile(
            "jdbc:(mysql|mariadb)://(\\[[^]]+]|[^:/?]+)(?::(\\d{1,5}))?(?:/([^?]*))?(?:\\?(.*))?");

    public static MySqlUrl parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new ConfigException("source url '" + JdbcUrls.redact(url) + "' is not a MySQL/MariaDB JDBC url: use"
                    + " jdbc:mariadb://host:port/database or jdbc:mysql://host:port/database (one host)");
        }
        int port = m.group(3) == null ? 3306 : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new ConfigException("source url '" + JdbcUrls.redact(url) + "' has port " + port + ", outside 1..65535");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new MySqlUrl(host, port, m.group(4) == null ? "" : m.group(4), m.group(5) == null ? "" : m.group(5));
    }

    /** A MariaDB Connector/J URL to the same server and database, with the original parameters. */
    public String jdbcUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "jdbc:mariadb://" + h + ":" + port + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    @Override
    public String toString() {
        return host + ":" + port + (database.isEmpty() ? "" : "/" + database);
    }
}
