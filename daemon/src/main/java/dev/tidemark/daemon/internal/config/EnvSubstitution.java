package dev.tidemark.daemon.internal.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a configuration value with the environment.
 *
 * <p>Rules: {@code ${VAR:-default}} uses the default when VAR is unset <em>or empty</em> (as the
 * shell does); the default is literal text up to the first {@code }}, never substituted itself.
 * {@code $${} stands for a literal {@code ${}; any other {@code $} is kept as it is, so passwords
 * containing {@code $} need no escaping unless a {@code {} follows. Substitution applies to scalar
 * values only, never to keys, and happens after YAML parsing, so a variable cannot inject YAML.
 */
final class EnvSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final Function<String, String> environment;

    /** @param environment variable lookup; returns null for an unset variable */
    EnvSubstitution(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The problem found in a value, phrased to follow its key path. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** The substituted text; throws with a message naming the variable when it cannot be done. */
    String apply(String text) throws Problem {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new Problem("'${' without a closing '}' (write $${ for a literal ${)");
                }
                out.append(resolve(text.substring(i + 2, close)));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String expression) throws Problem {
        int sep = expression.indexOf(":-");
        String name = sep < 0 ? expression : expression.substring(0, sep);
        Optional<String> fallback = sep < 0 ? Optional.empty() : Optional.of(expression.substring(sep + 2));
        if (!NAME.matcher(name).matches()) {
            throw new Problem("'${" + expression + "}' is not a valid variable reference: use ${NAME} or ${NAME:-default}"
                    + " with NAME made of letters, digits and underscores (write $${ for a literal ${)");
        }
        String value = environment.apply(name);
        if (value != null && !(value.isEmpty() && fallback.isPresent())) {
            return value;
        }
        return fallback.orElseThrow(() -> new Problem("environment variable " + name
                + " is not set: set it, or give a default with ${" + name + ":-default}"));
    }
}
