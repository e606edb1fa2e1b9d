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

    /** How many were recorded so far: a reader compares counts to learn whether its part added any. */
    int count() {
        return found.size();
    }

    /**
     * Runs a rule that lives elsewhere (a builder's setter or {@code build()}), recording each problem
     * of its {@link ConfigException} at {@code path}: the daemon states no rule the builders already state.
     *
     * @return whether the rule passed
     */
    boolean check(String path, Runnable rule) {
        try {
            rule.run();
            return true;
        } catch (ConfigException e) {
            e.problems().forEach(p -> add(path, p));
            return false;
        }
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigException(found);
        }
    }
}
