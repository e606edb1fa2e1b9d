package dev.tidemark.daemon.internal.cli;

/** Runs a command line to completion and exits the JVM with its code, in step with {@link GracefulShutdown}. */
public final class Launcher {
    private Launcher() {
    }

    /** Never returns. */
    public static void launch(CliContext context, String... args) {
        int code = TidemarkCommand.commandLine(context).execute(args);
        GracefulShutdown.finished(code);
        System.exit(code);
    }
}
