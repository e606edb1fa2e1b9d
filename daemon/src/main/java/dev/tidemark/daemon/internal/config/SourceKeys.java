package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Keys every database source has ({@code url}, {@code user}, {@code password}, {@code tables}), read once. */
final class SourceKeys {
    /** What YAML reads as the plain string it is anywhere in a flow list. */
    private static final Pattern YAML_PLAIN = Pattern.compile("[A-Za-z0-9_$.]+");

    private SourceKeys() {
    }

    /**
     * url, user and password. {@code url} and {@code user} are handed to the builder's setters,
     * which judge them.
     */
    static Optional<JdbcTarget> database(ConfigMap s, String urlForm, Consumer<String> url, Consumer<String> user) {
        Optional<String> u = s.requiredText("url", urlForm).filter(v -> s.check("url", () -> url.accept(v)));
        Optional<String> name = s.requiredText("user", "the database user name").filter(v -> {
            if (v.isBlank()) {
                s.problem("user", "must not be empty");
                return false;
            }
            return s.check("user", () -> user.accept(v));
        });
        Secret password = s.secret("password").orElse(Secret.EMPTY);
        if (u.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JdbcTarget(u.get(), name.get(), password));
    }

    /**
     * The {@code tables} list, each name handed to the builder ({@code tables}) on its own so that
     * a refused name is reported at its item; how a name may be written, and that it is listed
     * once, are the builder's rules.
     */
    static List<String> tables(ConfigMap s, Consumer<List<String>> tables) {
        List<String> names = new ArrayList<>();
        s.list("tables").ifPresent(items -> {
            for (ConfigMap.Item item : items) {
                // the builder keeps what it accepted, so it also refuses a table listed twice
                item.text().ifPresent(t -> {
                    if (item.check(() -> tables.accept(List.of(t)))) {
                        names.add(t);
                    }
                });
            }
        });
        return names;
    }

    /**
     * The tables as a YAML flow list that pastes back into {@code tables:}: each name in SQL syntax
     * ({@link TableName#toString()}), single-quoted when it holds anything but letters, digits,
     * {@code _}, {@code $} and dots, since YAML would read a leading quote or a comma inside itself.
     */
    static String describeTables(List<TableName> tables) {
        List<String> items = new ArrayList<>();
        for (TableName t : tables) {
            String sql = t.toString();
            items.add(YAML_PLAIN.matcher(sql).matches() ? sql : "'" + sql.replace("'", "''") + "'");
        }
        return "[" + String.join(", ", items) + "]";
    }
}
