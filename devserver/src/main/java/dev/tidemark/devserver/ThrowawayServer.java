package dev.tidemark.devserver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What {@link ThrowawayPostgres} and {@link ThrowawayMariaDb} have in common, for code that manages
 * either: the lifecycle ({@link #start()}, {@link #stop()} keeping the files, {@link #kill()} as a crash
 * would, {@link #close()} deleting them) and the way in. Failures throw {@link DevServerException}.
 */
public interface ThrowawayServer extends AutoCloseable {

    /** Starts the server (setting it up the first time) and returns once it accepts connections; a no-op when it runs. */
    void start();

    /** Shuts the server down cleanly and keeps its files; {@link #start()} resumes it on the same port. */
    void stop();

    /** Kills the server as a crash would; {@link #start()} recovers it. Throws when it is not running. */
    void kill();

    /** Whether the server was started and has not been stopped, killed or closed since. */
    boolean isRunning();

    /** Stops the server and deletes its files; idempotent, and never throws. */
    @Override
    void close();

    /** Always 127.0.0.1. */
    String host();

    /** The TCP port on {@link #host()}. */
    int port();

    /** The superuser, who needs no password from 127.0.0.1. */
    String user();

    /** A JDBC URL for {@code database} as the superuser. */
    String jdbcUrl(String database);

    /** The directory the server owns and {@link #close()} deletes. */
    Path instanceDirectory();

    /** The server's data directory, below {@link #instanceDirectory()}. */
    Path dataDirectory();

    /** The server's log file. */
    Path logFile();

    /** Creates a database; the server must be running. */
    void createDatabase(String name);

    /** A new connection to {@code database} as the superuser; the caller closes it. */
    Connection connect(String database) throws SQLException;
}
