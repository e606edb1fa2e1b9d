package dev.tidemark.testing.internal;

import dev.tidemark.testing.TestServerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1. The port is free when we look, not guaranteed when the server binds:
 * callers retry on a bind failure. Ports handed out in this JVM are never handed out again, so two
 * servers started at once cannot race for the same one.
 */
public final class Ports {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new TestServerException("cannot find a free TCP port on 127.0.0.1: " + e.getMessage(), e);
            }
        }
        throw new TestServerException("cannot find a free TCP port on 127.0.0.1 after 50 attempts");
    }
}
