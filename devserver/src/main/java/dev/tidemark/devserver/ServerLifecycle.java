package dev.tidemark.devserver;

import dev.tidemark.devserver.internal.Commands;
import dev.tidemark.devserver.internal.FreePorts;
import dev.tidemark.devserver.internal.OsUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The lifecycle both throwaway servers share: the state, the port and its retry on a first start, the
 * shutdown hook, and deleting the instance directory on close. The vendor classes supply the process
 * handling through the hooks below, all of which run under the server's lock.
 */
abstract class ServerLifecycle implements ThrowawayServer {
    private enum State { NEW, RUNNING, STOPPED, KILLED, CLOSED }

    /** The directory the server owns; absolute. */
    final Path instanceDir;
    /** {@code data/} in the instance directory. */
    final Path dataDir;
    /** The server's log, in the instance directory. */
    final Path logFile;
    final Duration startTimeout;
    private final boolean closeOnExit;
    /** Volatile so messages and accessors can read it without the lock; it only changes during a first start. */
    private volatile int port;
    private State state = State.NEW;
    private Thread exitHook;

    ServerLifecycle(Path instanceDir, String logFileName, Duration startTimeout, boolean closeOnExit) {
        this.instanceDir = instanceDir;
        this.dataDir = instanceDir.resolve("data");
        this.logFile = instanceDir.resolve(logFileName);
        this.startTimeout = startTimeout;
        this.closeOnExit = closeOnExit;
        this.port = FreePorts.next();
    }

    /** Sets the server up in its instance directory; runs before the first start only. */
    abstract void initialize();

    /** Starts the server on {@link #port()} and returns once it accepts connections; throws with the tail of its log. */
    abstract void launch();

    /** What the server's log says when a start lost its port to another process. */
    abstract String lostPortMessage();

    /** Stops the running server cleanly; throws when it cannot (after {@link #markKilled()} if it killed it). */
    abstract void shutDown();

    /** Stops the running server as fast as it goes, its files being about to go; must not throw. */
    abstract void shutDownForClose();

    /** Kills the server's processes with SIGKILL, as a crash would, and waits until they are gone. */
    abstract void killProcesses();

    /** Whether the server's process still runs, for a server believed to be running. */
    boolean processAlive() {
        return true;
    }

    /** Deletes files the server keeps outside its instance directory; none unless overridden. */
    void deleteOutsideFiles() {
    }

    /** For a {@link #shutDown()} that had to kill the server after all. */
    final void markKilled() {
        state = State.KILLED;
    }

    @Override
    public synchronized void start() {
        switch (state) {
            case RUNNING -> {
                return;
            }
            case CLOSED -> throw new DevServerException("cannot start " + this + ": it was closed");
            case NEW -> initialize();
            default -> { }
        }
        boolean firstStart = state == State.NEW;
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                state = State.RUNNING;
                if (closeOnExit && exitHook == null) {
                    exitHook = new Thread(this::closeQuietly, "tidemark-devserver-close");
                    Runtime.getRuntime().addShutdownHook(exitHook);
                }
                return;
            } catch (DevServerException e) {
                // a free port can be taken between our look and the bind; only a new server may move
                if (firstStart && attempt < 3 && Commands.tail(logFile, 40).contains(lostPortMessage())) {
                    port = FreePorts.next();
                    continue;
                }
                state = State.STOPPED;
                throw e;
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (state == State.RUNNING) {
            shutDown();
            state = State.STOPPED;
        }
    }

    @Override
    public synchronized void kill() {
        if (state != State.RUNNING) {
            throw new DevServerException("cannot kill " + this + ": it is not running (" + state + ")");
        }
        killProcesses();
        state = State.KILLED;
    }

    @Override
    public synchronized boolean isRunning() {
        return state == State.RUNNING && processAlive();
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (exitHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is running us, or about to
            }
            exitHook = null;
        }
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.RUNNING) {
            shutDownForClose();
        }
        state = State.CLOSED;
        OsUsers.deleteTree(instanceDir);
        deleteOutsideFiles();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port on 127.0.0.1; chosen at build, replaced only when the first start lost it to another process. */
    @Override
    public int port() {
        return port;
    }

    /** The instance directory; see the vendor class for its layout. */
    @Override
    public Path instanceDirectory() {
        return instanceDir;
    }

    /** The server's data directory, {@code data/} in the instance directory; see the vendor class for its content. */
    @Override
    public Path dataDirectory() {
        return dataDir;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    /** The database {@link #createDatabase} connects to. */
    abstract String adminDatabase();

    /** {@code identifier} quoted for the vendor's SQL. */
    abstract String quote(String identifier);

    @Override
    public void createDatabase(String name) {
        try (Connection c = connect(adminDatabase()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + quote(name));
        } catch (SQLException e) {
            throw new DevServerException("cannot create database '" + name + "' on " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database));
    }

    /** {@code server}, started, or closed again if the start fails: a builder's {@code start()}. */
    static <S extends ServerLifecycle> S started(S server) {
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A builder's check of an instance directory: absent or empty but for files of the caller's. */
    static Path checkNewInstanceDirectory(Path instanceDirectory) {
        if (instanceDirectory == null) {
            throw new NullPointerException("instanceDirectory");
        }
        try (Stream<Path> entries = Files.isDirectory(instanceDirectory) ? Files.list(instanceDirectory) : Stream.empty()) {
            // a file the caller put there (a marker of its own) may stay, a data directory may not
            if (entries.anyMatch(p -> p.getFileName().toString().equals("data"))) {
                throw new IllegalArgumentException(instanceDirectory + " already holds a data directory; give a"
                        + " new or empty directory");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + instanceDirectory + ": " + e.getMessage(), e);
        }
        return instanceDirectory;
    }

    /** A builder's check of a start timeout. */
    static Duration checkStartTimeout(Duration timeout) {
        if (timeout == null || timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("startTimeout must be at least one second, got " + timeout);
        }
        return timeout;
    }
}
