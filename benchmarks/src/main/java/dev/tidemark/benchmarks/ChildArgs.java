package dev.tidemark.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code key=value} arguments the orchestrator passes to a child JVM. The password never
 * travels on the command line (where {@code ps} shows it): children read {@link #PASSWORD_ENV}.
 */
final class ChildArgs {
    static final String PASSWORD_ENV = "BENCH_PGPASSWORD";

    private final Map<String, String> values = new HashMap<>();

    ChildArgs(String[] args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "' is not key=value");
            }
            values.put(a.substring(0, eq), a.substring(eq + 1));
        }
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...; got " + values.keySet());
        }
        return v;
    }

    long getLong(String key) {
        return Long.parseLong(get(key));
    }

    static String password() {
        String p = System.getenv(PASSWORD_ENV);
        return p == null ? "" : p;
    }
}
