package dev.tidemark.testing.internal;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shutdown hook that stops every server this JVM started and deletes their files, newest
 * first. Servers closed by their owner deregister themselves.
 */
public final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
    private static final List<AbstractServer> SERVERS = new ArrayList<>();
    private static boolean hookInstalled;

    private Cleanup() {
    }

    static synchronized void register(AbstractServer server) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "tidemark-test-servers-cleanup"));
            hookInstalled = true;
        }
        SERVERS.add(server);
    }

    static synchronized void deregister(AbstractServer server) {
        SERVERS.remove(server);
    }

    private static void runAll() {
        List<AbstractServer> servers;
        synchronized (Cleanup.class) {
            servers = new ArrayList<>(SERVERS);
            SERVERS.clear();
        }
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).release();
            } catch (RuntimeException e) {
                LOG.warn("could not shut down {}: {}", servers.get(i), e.getMessage());
            }
        }
    }
}
