package dev.tidemark.daemon.internal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.daemon.internal.config.SectionKind;
import dev.tidemark.engine.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * The runtime side of a configuration section: what {@code run}, {@code check}, {@code migrate}
 * and {@code status} do with it. Registered for its {@link SectionKind} in {@link SectionHosts}.
 *
 * @param <T> the bound section
 */
public interface SectionHost<T> {

    /** The section this hosts. */
    SectionKind<T> kind();

    /** What one part is called in messages and summaries, e.g. {@code pipeline}. */
    String partKind();

    /**
     * Builds the section's parts, ready to start: connects what they need, applies migrations the
     * config asks for, binds their metrics. Nothing runs yet. On failure, releases what it built
     * and throws (a {@link dev.tidemark.engine.ConfigException} for settings the parts refuse).
     */
    List<Part> prepare(T config, HostContext context);

    /** Preflight of every part, without running any: {@code tidemark check}. Never throws for a part's failure. */
    List<Finding> check(T config, HostContext context);

    /** Creates or upgrades what the parts store their progress in: {@code tidemark migrate}. */
    List<Outcome> migrate(T config, HostContext context);

    /** Each part's stored progress and lag, read without running: {@code tidemark status}. */
    List<Report> status(T config, HostContext context);

    /** One check result of one part. */
    record Finding(String part, CheckResult result) {
    }

    /** One migration target and how it went; {@code what} names it and the parts using it. */
    record Outcome(boolean ok, String what, String message) {
    }

    /**
     * What was learnt about one part.
     *
     * @param heading the first line of its text form
     * @param lines   label and value lines of the text form, in order
     * @param json    its entry in the JSON form
     * @param errors  what could not be read; empty when everything was
     */
    record Report(String heading, List<Map.Entry<String, String>> lines, ObjectNode json, List<String> errors) {
    }
}
