package dev.tidemark.daemon.internal.cli;

/** The exit codes of every {@code tidemark} command. */
public final class ExitCodes {
    /** Done; for {@code check}, nothing failed. */
    public static final int OK = 0;
    /** A runtime failure: a pipeline failed, a database is unreachable, {@code check} found a FAIL. */
    public static final int FAILURE = 1;
    /** Wrong usage or invalid configuration: fix the command line or the file, retrying won't help. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
