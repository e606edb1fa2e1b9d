package dev.tidemark.mysqlbinlog;

import dev.tidemark.engine.JdbcUrls;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.mysqlbinlog.internal.MySqlUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32;

/**
 * The validated settings of a {@link MySqlBinlogSource}; build one with {@link MySqlBinlogSource#builder()}.
 * {@link #toString()} masks the password.
 *
 * @param url               {@code jdbc:mariadb://host:port/db} or {@code jdbc:mysql://host:port/db}
 * @param tables            captured tables, parsed: {@link TableName#schema()} is the database. A table in the
 *                          binlog is captured when its database and name equal one of these (ignoring case
 *                          when the server's {@code lower_case_table_names} is 1 or 2)
 * @param serverId          the replication server id, when configured
 * @param heartbeatInterval how often the server sends a heartbeat on an idle stream, and how often an
 *                          idle pipeline checkpoints the position it reached
 * @param connectTimeout    how long to wait for the server when connecting
 * @param spillDirectory    where rows of transactions larger than the in-memory bound wait for their commit
 */
public record MySqlSourceConfig(String url, String user, String password, List<TableName> tables, OptionalLong serverId,
                                Duration heartbeatInterval, Duration connectTimeout, Path spillDirectory) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Lowest default server id: defaults lie in [{@value}, {@value} + {@value #DEFAULT_SERVER_ID_SPAN}). */
    public static final long DEFAULT_SERVER_ID_BASE = 4_000_000_000L;
    public static final long DEFAULT_SERVER_ID_SPAN = 200_000_000L;

    public MySqlSourceConfig {
        tables = List.copyOf(tables);
    }

    /**
     * The server id the pipeline's binlog client registers with. Unless configured, it is derived
     * from the pipeline name: {@value #DEFAULT_SERVER_ID_BASE} plus the CRC-32 of the name's UTF-8
     * bytes modulo {@value #DEFAULT_SERVER_ID_SPAN}. The same name always gets the same id, and ids
     * that high are rarely given to real servers, which usually count up from 1. The id must
     * differ from every server's and replica's in the topology: a second client with the same id
     * makes the server drop the first.
     */
    public long serverIdFor(String pipeline) {
        if (serverId.isPresent()) {
            return serverId.getAsLong();
        }
        CRC32 crc = new CRC32();
        crc.update(pipeline.getBytes(StandardCharsets.UTF_8));
        return DEFAULT_SERVER_ID_BASE + crc.getValue() % DEFAULT_SERVER_ID_SPAN;
    }

    /**
     * The server this source reads, as {@code host:port} (port 3306 when the url has none; an IPv6
     * host in brackets), whatever database the url names: pipelines with equal addresses share one
     * binlog, and so the server's set of replica server ids.
     */
    public String serverAddress() {
        return serverAddress(url);
    }

    /**
     * {@link #serverAddress()} of a {@code jdbc:mariadb://} or {@code jdbc:mysql://} url.
     *
     * @throws dev.tidemark.engine.ConfigException when it is not such a url (as {@link MySqlBinlogSource.Builder#url} would)
     */
    public static String serverAddress(String url) {
        MySqlUrl u = MySqlUrl.parse(url);
        return (u.host().indexOf(':') >= 0 ? "[" + u.host() + "]" : u.host()) + ":" + u.port();
    }

    @Override
    public String toString() {
        return "MySqlSourceConfig[url=" + JdbcUrls.redact(url) + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", tables=" + tables + ", serverId=" + (serverId.isPresent() ? serverId.getAsLong() : "(from pipeline name)")
                + ", heartbeat=" + heartbeatInterval + ", spill=" + spillDirectory + "]";
    }
}
