package dev.tidemark.daemon.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping being read into typed values, with its key path for messages. Every accessor
 * returns empty when the key is absent (or null) or its value is invalid; an invalid value is
 * recorded in {@link Problems} with its path, so reading goes on and all problems come out together.
 */
final class ConfigMap {
    private final ObjectNode node;
    private final String path;
    private final Problems problems;
    private final EnvSubstitution env;

    private ConfigMap(ObjectNode node, String path, Problems problems, EnvSubstitution env) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.env = env;
    }

    /**
     * Reads {@code value} at {@code path} as a mapping allowed to hold only {@code keys}; records
     * a problem and returns empty when it is not a mapping. Unknown keys are recorded.
     */
    static Optional<ConfigMap> of(JsonNode value, String path, Set<String> keys, Problems problems, EnvSubstitution env) {
        if (!(value instanceof ObjectNode obj)) {
            problems.add(path, "expected a mapping (key: value lines), got " + describe(value));
            return Optional.empty();
        }
        ConfigMap map = new ConfigMap(obj, path, problems, env);
        map.rejectUnknown(keys);
        return Optional.of(map);
    }

    /**
     * Like {@link #of} without the unknown-key check, for mappings whose allowed keys depend on a
     * value inside them ({@code type}); the caller then calls {@link #rejectUnknown}.
     */
    static Optional<ConfigMap> unchecked(JsonNode value, String path, Problems problems, EnvSubstitution env) {
        if (!(value instanceof ObjectNode obj)) {
            problems.add(path, "expected a mapping (key: value lines), got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(new ConfigMap(obj, path, problems, env));
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(pathOf(key), message);
    }

    Problems problems() {
        return problems;
    }

    /** {@link Problems#check} at this key; false when the rule failed. */
    boolean check(String key, Runnable rule) {
        return problems.check(pathOf(key), rule);
    }

    /** {@link Problems#check} at this mapping's own path, for rules across its keys (a builder's {@code build()}). */
    boolean checkWhole(Runnable rule) {
        return problems.check(path, rule);
    }

    /** Present with a non-null value. */
    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    void rejectUnknown(Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                String hint = Suggestions.closest(key, keys).map(k -> "did you mean '" + k + "'?")
                        .orElse("known keys: " + String.join(", ", new TreeSet<>(keys)));
                problems.add(pathOf(key), "unknown key (" + hint + ")");
            }
        }
    }

    /** A string; numbers and booleans are refused because YAML has already reinterpreted them. */
    Optional<String> text(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        return scalarText(node.get(key), pathOf(key));
    }

    /** Like {@link #text} but records "missing" when absent; {@code hint} says what to write. */
    Optional<String> requiredText(String key, String hint) {
        if (!has(key)) {
            problems.add(pathOf(key), "missing (required: " + hint + ")");
            return Optional.empty();
        }
        return text(key);
    }

    /** A password: like {@link #text}, but a refused value is never repeated in the message. */
    Optional<Secret> secret(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        return scalarText(node.get(key), pathOf(key), true).map(Secret::of);
    }

    Optional<String> scalarText(JsonNode v, String at) {
        return scalarText(v, at, false);
    }

    private Optional<String> scalarText(JsonNode v, String at, boolean secret) {
        if (v.isTextual()) {
            try {
                return Optional.of(env.apply(v.textValue()));
            } catch (EnvSubstitution.Problem p) {
                problems.add(at, p.getMessage());
                return Optional.empty();
            }
        }
        if (v.isNumber() || v.isBoolean()) {
            // YAML 1.1 turns 0123 into 83 and 'off' into false: the written text is lost, so ask for quotes
            String got = secret ? (v.isNumber() ? "a number" : "a boolean") : describe(v);
            problems.add(at, "expected a string, got " + got + " (put the value in quotes)");
        } else {
            problems.add(at, "expected a string, got " + describe(v));
        }
        return Optional.empty();
    }

    /** An integer in [min, max]; also accepts a string that is one (the result of a ${VAR}). */
    Optional<Long> integer(String key, long min, long max) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        Long n = null;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.longValue();
        } else if (v.isTextual()) {
            Optional<String> t = scalarText(v, pathOf(key));
            if (t.isEmpty()) {
                return Optional.empty();
            }
            try {
                n = Long.parseLong(t.get().trim());
            } catch (NumberFormatException e) {
                problems.add(pathOf(key), "expected an integer, got '" + t.get() + "'");
                return Optional.empty();
            }
        }
        if (n == null) {
            problems.add(pathOf(key), "expected an integer, got " + describe(v));
            return Optional.empty();
        }
        if (n < min || n > max) {
            problems.add(pathOf(key), "must be " + range(min, max) + ", got " + n);
            return Optional.empty();
        }
        return Optional.of(n);
    }

    Optional<Integer> integer(String key, int min, int max) {
        return integer(key, (long) min, (long) max).map(Long::intValue);
    }

    /** A number at least {@code min}. */
    Optional<Double> decimal(String key, double min) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        Double d = null;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual()) {
            Optional<String> t = scalarText(v, pathOf(key));
            if (t.isEmpty()) {
                return Optional.empty();
            }
            try {
                d = Double.parseDouble(t.get().trim());
            } catch (NumberFormatException e) {
                problems.add(pathOf(key), "expected a number, got '" + t.get() + "'");
                return Optional.empty();
            }
        }
        if (d == null || d.isNaN() || d.isInfinite()) {
            problems.add(pathOf(key), "expected a number, got " + describe(v));
            return Optional.empty();
        }
        if (d < min) {
            problems.add(pathOf(key), "must be at least " + min + ", got " + d);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** {@code true} or {@code false} (also as the text of a ${VAR}). */
    Optional<Boolean> bool(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (v.isBoolean()) {
            return Optional.of(v.booleanValue());
        }
        if (v.isTextual()) {
            Optional<String> t = scalarText(v, pathOf(key));
            if (t.isPresent() && (t.get().equals("true") || t.get().equals("false"))) {
                return Optional.of(Boolean.parseBoolean(t.get()));
            }
            t.ifPresent(s -> problems.add(pathOf(key), "expected true or false, got '" + s + "'"));
            return Optional.empty();
        }
        problems.add(pathOf(key), "expected true or false, got " + describe(v));
        return Optional.empty();
    }

    /** A duration ({@link Durations}); zero is allowed only when {@code allowZero}. */
    Optional<Duration> duration(String key, boolean allowZero) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (v.isNumber()) {
            problems.add(pathOf(key), "expected a duration with a unit, got " + v.asText()
                    + " (write e.g. '" + v.asText() + "s' or '" + v.asText() + "ms')");
            return Optional.empty();
        }
        Optional<String> t = scalarText(v, pathOf(key));
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(t.get());
            if (d.isZero() && !allowZero) {
                problems.add(pathOf(key), "must be longer than zero, got '" + t.get() + "'");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            problems.add(pathOf(key), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * One of {@code allowed} (lower case). A YAML boolean reads as {@code on}/{@code off}, since
     * YAML 1.1 parses a bare {@code off} as false.
     */
    Optional<String> choice(String key, List<String> allowed) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        Optional<String> t = v.isBoolean() ? Optional.of(v.booleanValue() ? "on" : "off") : scalarText(v, pathOf(key));
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (!allowed.contains(t.get())) {
            String hint = Suggestions.closest(t.get(), allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
            problems.add(pathOf(key), "expected one of " + String.join(", ", allowed) + ", got '" + t.get() + "'" + hint);
            return Optional.empty();
        }
        return t;
    }

    /** A nested mapping allowed to hold only {@code keys}. */
    Optional<ConfigMap> map(String key, Set<String> keys) {
        if (!has(key)) {
            return Optional.empty();
        }
        return of(node.get(key), pathOf(key), keys, problems, env);
    }

    /** A nested mapping whose allowed keys are decided later, see {@link #unchecked}. */
    Optional<ConfigMap> uncheckedMap(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        return unchecked(node.get(key), pathOf(key), problems, env);
    }

    /** The items of a list, each with its path {@code key[i]}; empty (with a problem) when not a list. */
    Optional<List<Item>> list(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            problems.add(pathOf(key), "expected a list, got " + describe(v));
            return Optional.empty();
        }
        List<Item> items = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            items.add(new Item(v.get(i), pathOf(key) + "[" + i + "]"));
        }
        return Optional.of(items);
    }

    /** A list element with its path. */
    final class Item {
        private final JsonNode value;
        private final String path;

        Item(JsonNode value, String path) {
            this.value = value;
            this.path = path;
        }

        String path() {
            return path;
        }

        /** {@link Problems#check} at this item's path. */
        boolean check(Runnable rule) {
            return problems.check(path, rule);
        }

        Optional<String> text() {
            if (value == null || value.isNull()) {
                problems.add(path, "expected a string, got nothing");
                return Optional.empty();
            }
            return scalarText(value, path);
        }

        Optional<ConfigMap> map(Set<String> keys) {
            return of(value, path, keys, problems, env);
        }

        Optional<ConfigMap> uncheckedMap() {
            return unchecked(value, path, problems, env);
        }
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }

    /** How a value appears in messages: quoted text, the number, or its kind. */
    static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isTextual()) {
            return "'" + v.textValue() + "'";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return v.asText();
    }
}
