package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.JdbcUrls;
/** A database to connect to over JDBC. The password prints masked. */
public record JdbcTarget(String url, String user, Secret password) {
    /** The url with any secret in it masked: what logs, messages and reports show. */
    public String displayUrl() {
        return JdbcUrls.redact(url);
    }

    @Override
    public String toString() {
        return displayUrl() + " as " + user + " (password " + password + ")";
    }
}
