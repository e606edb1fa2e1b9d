package dev.tidemark.daemon.internal.config;

import java.nio.file.Path;
import java.util.Map;

/** Helpers to parse YAML text in tests with a fixed environment and working directory. */
final class Yaml {
    static final Path WORK = Path.of("/srv/tidemark");

    private Yaml() {
    }

    static TidemarkConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    static TidemarkConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.withEnvironment(env, WORK).parse(yaml, "tidemark.yaml");
    }

    /** A valid single pipeline whose pipeline-level lines can be extended (indent 4). */
    static String pipeline(String extraPipelineLines) {
        return """
                pipelines:
                  - name: shop
                    source:
                      type: postgres
                      url: jdbc:postgresql://127.0.0.1:5432/shop
                      user: postgres
                      password: s3cret
                      tables: [public.orders, public.customers]
                    sinks:
                      - type: jsonl
                        path: out/shop.jsonl
                """ + extraPipelineLines.indent(4);
    }

    /** A valid single pipeline whose source section can be extended (indent 6). */
    static String source(String extraSourceLines) {
        return """
                pipelines:
                  - name: shop
                    sinks:
                      - type: stdout
                    source:
                      type: postgres
                      url: jdbc:postgresql://127.0.0.1:5432/shop
                      user: postgres
                """ + extraSourceLines.indent(6);
    }
}
