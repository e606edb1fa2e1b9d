package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.ConfigLoader;
import dev.tidemark.daemon.internal.runtime.Components;
import dev.tidemark.daemon.internal.runtime.DefaultComponents;
import dev.tidemark.daemon.internal.runtime.SectionHosts;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the commands need from the outside world, injectable for tests: the config loader (with
 * its environment and sections), the components parts are made of, the hosts of the sections, the
 * clock, and how a stop request arrives ({@code onShutdown} receives the action that stops
 * {@code run} gracefully).
 */
public record CliContext(ConfigLoader configLoader, Components components, SectionHosts hosts, Clock clock,
                         Consumer<Runnable> onShutdown) {

    /** With the default section hosts. */
    public CliContext(ConfigLoader configLoader, Components components, Clock clock, Consumer<Runnable> onShutdown) {
        this(configLoader, components, SectionHosts.defaults(), clock, onShutdown);
    }

    /** The real process: its environment, working directory, signals. */
    public static CliContext system() {
        return new CliContext(ConfigLoader.fromSystem(), new DefaultComponents(), Clock.systemUTC(),
                GracefulShutdown::install);
    }
}
