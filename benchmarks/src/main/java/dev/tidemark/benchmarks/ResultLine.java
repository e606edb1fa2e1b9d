package dev.tidemark.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a child JVM prints to report its measurement: {@code RESULT key=value key=value ...}.
 * Values hold no spaces. The orchestrator finds it among the child's other output.
 */
record ResultLine(Map<String, String> fields) {
    static final String PREFIX = "RESULT ";

    ResultLine {
        fields = Map.copyOf(fields);
    }

    /** Parses a line, or empty when it is not a result line. */
    static Optional<ResultLine> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (String token : line.substring(PREFIX.length()).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed result field '" + token + "' in: " + line);
            }
            f.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return Optional.of(new ResultLine(f));
    }

    /** Formats fields in the order given; a value must not contain whitespace. */
    static String format(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder(PREFIX.strip());
        fields.forEach((k, v) -> {
            String text = String.valueOf(v);
            if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("result value of " + k + " is empty or has whitespace: '" + text + "'");
            }
            sb.append(' ').append(k).append('=').append(text);
        });
        return sb.toString();
    }

    String get(String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalStateException("result line lacks '" + key + "': " + fields);
        }
        return v;
    }

    double number(String key) {
        return Double.parseDouble(get(key));
    }
}
