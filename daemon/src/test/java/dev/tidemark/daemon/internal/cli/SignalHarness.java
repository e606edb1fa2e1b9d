package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.ConfigLoader;
import dev.tidemark.daemon.internal.runtime.FakeComponents;
import dev.tidemark.daemon.internal.runtime.ScriptedSource;
import dev.tidemark.engine.TidemarkException;
import java.time.Clock;

/**
 * A {@code tidemark run} process with scripted sources, for {@link GracefulShutdownTest}: prints
 * "ready" once the pipeline's source runs. Argument 1: {@code idle} or {@code fail}; argument 2: the config.
 */
public final class SignalHarness {
    public static void main(String[] args) {
        FakeComponents components = new FakeComponents();
        if (args[0].equals("fail")) {
            components.source("shop", () -> ScriptedSource.failing(new TidemarkException("scripted failure")));
        }
        Thread ready = new Thread(() -> {
            try {
                components.sourceBuilt.await();
                components.built.get("shop").running.await();
                System.out.println("ready");
                System.out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ready.setDaemon(true);
        ready.start();
        Launcher.launch(new CliContext(ConfigLoader.fromSystem(), components, Clock.systemUTC(),
                GracefulShutdown::install), "run", "--config", args[1]);
    }
}
