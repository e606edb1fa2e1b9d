package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem, each as {@code key.path: what is wrong}, to report them all at once. */
final class Problems {
    private final List<String> found = new ArrayList<>();

    void add(String path, String problem) {
        found.add((path.isEmpty() ? "top level" : path) + ": " + problem);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigException(found);
        }
    }
}
