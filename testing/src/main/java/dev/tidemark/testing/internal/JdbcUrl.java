package dev.tidemark.testing.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A JDBC URL of the form {@code jdbc:<vendor>://<hosts>[/<database>][?<query>]}, split so the
 * database can be swapped while credentials and options stay.
 */
public record JdbcUrl(String scheme, String authority, String database, String query) {

    public static JdbcUrl parse(String env, String url) {
        int sep = url.indexOf("://");
        if (!url.startsWith("jdbc:") || sep < 0) {
            throw new IllegalArgumentException(env + "='" + redact(url) + "' is not a JDBC URL like jdbc:postgresql://host:5432/postgres?user=postgres");
        }
        String scheme = url.substring(0, sep);
        String rest = url.substring(sep + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String hostAndPath = q < 0 ? rest : rest.substring(0, q);
        int slash = hostAndPath.indexOf('/');
        String authority = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String database = slash < 0 ? "" : URLDecoder.decode(hostAndPath.substring(slash + 1), StandardCharsets.UTF_8);
        if (authority.isEmpty()) {
            throw new IllegalArgumentException(env + " names no host: '" + redact(url) + "'");
        }
        return new JdbcUrl(scheme, authority, database, query);
    }

    /** The same server and options, another database (empty: none). */
    public String withDatabase(String db) {
        String path = db == null || db.isEmpty() ? "/" : "/" + URLEncoder.encode(db, StandardCharsets.UTF_8);
        return scheme + "://" + authority + path + (query.isEmpty() ? "" : "?" + query);
    }

    public Optional<String> param(String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The first host of the authority. */
    public String host() {
        String first = authority.split(",")[0];
        int colon = first.lastIndexOf(':');
        return colon < 0 || first.endsWith("]") ? first : first.substring(0, colon);
    }

    /** The first port of the authority, or {@code defaultPort}. */
    public int port(int defaultPort) {
        String first = authority.split(",")[0];
        int colon = first.lastIndexOf(':');
        return colon < 0 || first.endsWith("]") ? defaultPort : Integer.parseInt(first.substring(colon + 1));
    }

    /** The URL with any password replaced, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    @Override
    public String toString() {
        return redact(withDatabase(database));
    }
}
