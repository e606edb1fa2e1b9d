package dev.tidemark.daemon.internal.config;

import java.util.ArrayList;
import java.util.List;

/** The effective configuration, defaults filled in and passwords masked, for the log lines at start. */
public final class EffectiveConfig {
    private EffectiveConfig() {
    }

    /** Each section's lines (one per pipeline, ...), then one for the http endpoint. */
    public static List<String> describe(TidemarkConfig config) {
        List<String> lines = new ArrayList<>();
        for (TidemarkConfig.Section<?> s : config.sections()) {
            lines.addAll(s.describe());
        }
        lines.add("http: " + config.http().map(h -> h.bind() + ":" + (h.port() == 0 ? "(any free port)" : h.port()))
                .orElse("disabled"));
        return lines;
    }
}
