package dev.tidemark.devserver.internal;

import dev.tidemark.devserver.DevServerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1. A port is free when we look, not guaranteed when the server binds, so
 * callers retry on a bind failure. Ports handed out in this JVM are not handed out again, so two
 * servers started at once do not race for the same one.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new DevServerException("cannot find a free TCP port on 127.0.0.1: " + e.getMessage(), e);
            }
        }
        throw new DevServerException("cannot find a free TCP port on 127.0.0.1 after 50 attempts");
    }
}
