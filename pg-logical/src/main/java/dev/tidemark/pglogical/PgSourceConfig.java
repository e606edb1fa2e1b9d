package dev.tidemark.pglogical;

import dev.tidemark.engine.JdbcUrls;
import dev.tidemark.engine.sql.TableName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated settings of a {@link PgLogicalSource}; build one with {@link PgLogicalSource#builder()}.
 * {@link #toString()} masks the password.
 *
 * @param tables the captured tables, parsed and folded; a relation in the stream is captured when its
 *               schema and name equal one of these exactly (empty with {@code allTables})
 */
public record PgSourceConfig(String url, String user, String password, List<TableName> tables, boolean allTables,
                             Optional<String> slotName, Optional<String> publicationName, Streaming streaming,
                             Duration heartbeatInterval, Duration statusInterval, boolean dropSlotOnStop,
                             boolean createMissing, Path spillDirectory) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(1);
    /** Publication names the builder accepts: a plain identifier, at most PostgreSQL's 63 bytes. */
    static final Pattern PUBLICATION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public PgSourceConfig {
        tables = List.copyOf(tables);
    }

    /** Protocol version 2 streaming of large in-progress transactions. */
    public enum Streaming {
        /** Stream when the server supports it (PostgreSQL 14 and later). */
        AUTO,
        /** Never: the server decodes each transaction whole before sending it (protocol version 1). */
        OFF
    }

    /**
     * The slot and publication name of a pipeline that configures none: {@code tidemark_<pipeline>}.
     * The one place this default is written.
     */
    public static String defaultName(String pipeline) {
        return "tidemark_" + pipeline;
    }

    /** The slot used by the named pipeline. */
    public String slotFor(String pipeline) {
        return slotName.orElse(defaultName(pipeline));
    }

    /** The publication used by the named pipeline. */
    public String publicationFor(String pipeline) {
        return publicationName.orElse(defaultName(pipeline));
    }

    /** The url with any secret in it masked ({@link JdbcUrls#redact}): what messages and reports show. */
    public String displayUrl() {
        return JdbcUrls.redact(url);
    }

    @Override
    public String toString() {
        return "PgSourceConfig[url=" + displayUrl() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", tables=" + (allTables ? "ALL" : tables) + ", slot=" + slotName.orElse("(default)")
                + ", publication=" + publicationName.orElse("(default)") + ", streaming=" + streaming
                + ", heartbeat=" + heartbeatInterval + ", dropSlotOnStop=" + dropSlotOnStop + "]";
    }
}
