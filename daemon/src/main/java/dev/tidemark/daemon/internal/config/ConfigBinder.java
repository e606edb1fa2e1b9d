package dev.tidemark.daemon.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the YAML tree into a {@link TidemarkConfig}: {@code http}, then each registered section
 * present. Every problem is recorded with its key path; the caller throws them all together.
 */
final class ConfigBinder {
    static final String HTTP = "http";
    static final Set<String> HTTP_KEYS = Set.of("port", "bind");

    private final Problems problems;
    private final EnvSubstitution env;
    private final Sections sections;
    private final BindContext context;

    ConfigBinder(Problems problems, EnvSubstitution env, Path workingDirectory, Sections sections) {
        this.problems = problems;
        this.env = env;
        this.sections = sections;
        this.context = new BindContext(workingDirectory);
    }

    /** The config, or empty when a problem was recorded. */
    Optional<TidemarkConfig> bind(JsonNode root) {
        Set<String> keys = new HashSet<>(Set.of(HTTP));
        sections.kinds().forEach(k -> keys.add(k.key()));
        Optional<ConfigMap> top = ConfigMap.of(root, "", keys, problems, env);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap t = top.get();
        List<TidemarkConfig.Section<?>> bound = new ArrayList<>();
        boolean any = false;
        for (SectionKind<?> kind : sections.kinds()) {
            if (t.has(kind.key())) {
                any = true;
                bind(kind, t).ifPresent(bound::add);
            }
        }
        if (!any) {
            problems.add("", "nothing to run: " + sections.whatToAdd());
        }
        Optional<HttpConfig> http = t.map(HTTP, HTTP_KEYS).map(this::http);
        return problems.isEmpty() ? Optional.of(new TidemarkConfig(bound, http)) : Optional.empty();
    }

    private <T> Optional<TidemarkConfig.Section<?>> bind(SectionKind<T> kind, ConfigMap top) {
        return kind.bind(top, context).map(config -> new TidemarkConfig.Section<>(kind, config));
    }

    private HttpConfig http(ConfigMap h) {
        int port = h.integer("port", 0, 65_535).orElse(HttpConfig.DEFAULT_PORT);
        String bind = h.text("bind").orElse(HttpConfig.DEFAULT_BIND);
        if (bind.isBlank()) {
            h.problem("bind", "must not be empty (use 127.0.0.1 for local access only, 0.0.0.0 for every interface)");
        }
        return new HttpConfig(bind, port);
    }
}
