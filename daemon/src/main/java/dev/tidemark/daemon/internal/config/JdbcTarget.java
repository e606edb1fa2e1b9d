package dev.tidemark.daemon.internal.config;

/** A database to connect to over JDBC. The password prints masked. */
public record JdbcTarget(String url, String user, Secret password) {
    @Override
    public String toString() {
        return url + " as " + user + " (password " + password + ")";
    }
}
