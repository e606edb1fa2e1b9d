package dev.tidemark.testing.internal;

import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private server run from the installed binaries in an instance directory of its own
 * ({@code data/} below it is the data directory), on a free port of 127.0.0.1. This class keeps the
 * lifecycle: the state, the port retry on a first start, the guards, and stopping and deleting on
 * close; the vendor classes supply the process handling through the hooks below, all of which run
 * under the server's lock.
 */
abstract class LocalServer extends AbstractServer {
    private enum State { NEW, RUNNING, STOPPED, KILLED, CLOSED }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Path instanceDir;
    private final Path dataDir;
    /** Volatile so messages can name it without the lock; it only changes during a first start. */
    private volatile int port;
    private State state = State.NEW;

    /** Creates the instance directory {@code <work dir>/<dirName>/<random>}, owned by {@code osUser} if given. */
    LocalServer(boolean shared, Dialect dialect, String dirName, Optional<String> osUser) {
        super(shared, dialect);
        this.instanceDir = WorkDirs.newInstanceDir(dirName, osUser);
        this.dataDir = instanceDir.resolve("data");
        this.port = Ports.free();
        registerForCleanup();
    }

    /** Creates the data directory; runs before the first start only. */
    protected abstract void initialize();

    /** Starts the server and returns once it accepts connections; throws with the tail of its log. */
    protected abstract void launch();

    /** Whether the log of the launch that just failed says another process took the port first. */
    protected abstract boolean lostPortRace();

    /**
     * Stops the running server: {@code cleanly} so it recovers nothing on its next start, or as fast as
     * it goes when its files are about to be deleted.
     */
    protected abstract void shutDown(boolean cleanly);

    /** Kills the server's processes with SIGKILL, as a crash would, and waits until they are gone. */
    protected abstract void killProcesses();

    /** Whether the server's process still runs, for a server believed to be running. */
    protected boolean processAlive() {
        return true;
    }

    /** Deletes the server's files; a server with files outside its instance directory adds them. */
    protected void deleteFiles() {
        WorkDirs.deleteQuietly(instanceDir);
    }

    /** For a {@link #shutDown} that had to kill the server after all. */
    protected final void markKilled() {
        state = State.KILLED;
    }

    protected final Path instanceDir() {
        return instanceDir;
    }

    @Override
    public final synchronized void start() {
        switch (state) {
            case RUNNING -> {
                return;
            }
            case CLOSED -> throw new TestServerException("cannot start " + describe() + ": it was closed");
            case NEW -> initialize();
            default -> { }
        }
        boolean firstStart = state == State.NEW;
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                state = State.RUNNING;
                return;
            } catch (TestServerException e) {
                // a free port can be taken between our look and the bind; only a new server may move
                if (firstStart && attempt < 3 && lostPortRace()) {
                    log.info("port {} was taken before {} bound it; trying another", port, vendor());
                    port = Ports.free();
                    continue;
                }
                state = State.STOPPED;
                throw e;
            }
        }
    }

    @Override
    public final synchronized void stop() {
        checkNotShared("stop");
        stopCleanly();
    }

    private void stopCleanly() {
        if (state != State.RUNNING) {
            return;
        }
        shutDown(true);
        state = State.STOPPED;
    }

    @Override
    public final synchronized void kill() {
        checkNotShared("kill");
        if (state != State.RUNNING) {
            throw new TestServerException("cannot kill " + describe() + ": it is not running (" + state + ")");
        }
        killProcesses();
        state = State.KILLED;
    }

    @Override
    public final synchronized void restart() {
        checkNotShared("restart");
        stopCleanly();
        start();
    }

    @Override
    public final synchronized boolean isRunning() {
        return state == State.RUNNING && processAlive();
    }

    @Override
    protected final synchronized void release() {
        if (state == State.CLOSED) {
            return;
        }
        boolean keep = Env.flag(Env.KEEP_DATA);
        if (state == State.RUNNING) {
            try {
                // the fast way is enough when the files go anyway
                shutDown(keep);
            } catch (RuntimeException e) {
                log.warn("could not stop {}: {}", describe(), e.getMessage());
            }
        }
        state = State.CLOSED;
        if (keep) {
            log.info("keeping the files of {} ({}=true)", describe(), Env.KEEP_DATA);
        } else {
            deleteFiles();
        }
    }

    @Override
    public final ServerKind kind() {
        return ServerKind.LOCAL;
    }

    @Override
    public final String host() {
        return "127.0.0.1";
    }

    @Override
    public final int port() {
        return port;
    }

    @Override
    public final Path dataDirectory() {
        return dataDir;
    }
}
