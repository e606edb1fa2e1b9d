package dev.tidemark.engine;

import java.util.List;

/** Configuration is invalid: every problem found is listed, each with its key path and the rule broken. */
public final class ConfigException extends TidemarkException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder sb = new StringBuilder(problems.size() + " configuration problems:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
