package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.Kinds;
import dev.tidemark.daemon.internal.config.PipelinesSection;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of section hosts, by section key: how {@link DaemonRuntime} and the commands find
 * the runtime side of each section a config holds. Immutable; {@link #with} returns a new registry.
 */
public final class SectionHosts {
    private final Map<String, SectionHost<?>> hosts;

    private SectionHosts(Map<String, SectionHost<?>> hosts) {
        this.hosts = hosts;
    }

    /** No hosts. */
    public static SectionHosts none() {
        return new SectionHosts(Map.of());
    }

    /** The host of {@code pipelines}. */
    public static SectionHosts defaults() {
        return none().with(new PipelinesHost(new PipelinesSection(Kinds.defaults())));
    }

    /** This registry plus {@code host}; its section must be new. */
    public SectionHosts with(SectionHost<?> host) {
        String key = host.kind().key();
        if (hosts.containsKey(key)) {
            throw new IllegalArgumentException("the section '" + key + "' has a host already");
        }
        Map<String, SectionHost<?>> copy = new LinkedHashMap<>(hosts);
        copy.put(key, host);
        return new SectionHosts(copy);
    }

    /**
     * The section bound with its host, typed. A section without a host is a wiring mistake of the
     * daemon (the config and the runtime were given different registries), not of the config.
     */
    public <T> Hosted<T> hosted(TidemarkConfig.Section<T> section) {
        SectionHost<?> host = hosts.get(section.kind().key());
        if (host == null) {
            throw new IllegalStateException("no host for the section '" + section.kind().key() + "'");
        }
        if (host.kind().configType() != section.kind().configType()) {
            throw new IllegalStateException("the host of '" + section.kind().key() + "' takes "
                    + host.kind().configType().getName() + ", the section is " + section.kind().configType().getName());
        }
        @SuppressWarnings("unchecked") // same key and same config type, checked above
        SectionHost<T> typed = (SectionHost<T>) host;
        return new Hosted<>(typed, section.config());
    }

    /** A bound section with its host: the calls below need no type argument. */
    public record Hosted<T>(SectionHost<T> host, T config) {
        public java.util.List<Part> prepare(HostContext c) {
            return host.prepare(config, c);
        }

        public java.util.List<SectionHost.Finding> check(HostContext c) {
            return host.check(config, c);
        }

        public java.util.List<SectionHost.Outcome> migrate(HostContext c) {
            return host.migrate(config, c);
        }

        public java.util.List<SectionHost.Report> status(HostContext c) {
            return host.status(config, c);
        }

        public String key() {
            return host.kind().key();
        }

        public String partKind() {
            return host.partKind();
        }
    }
}
