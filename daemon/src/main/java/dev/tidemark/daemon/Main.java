package dev.tidemark.daemon;

import dev.tidemark.daemon.internal.cli.CliContext;
import dev.tidemark.daemon.internal.cli.Launcher;

/**
 * The {@code tidemark} command: {@code run}, {@code check}, {@code status}, {@code migrate} and
 * {@code demo}, each reading a YAML configuration file given with {@code --config}.
 *
 * <p>Exit codes: 0 success; 1 runtime failure (a pipeline failed, a database is unreachable,
 * {@code check} found a FAIL); 2 usage or configuration error. To run commands in-process (tests),
 * use {@code TidemarkCommand.commandLine(CliContext)}: {@code main} installs a shutdown hook and exits.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch(CliContext.system(), args);
    }
}
