package dev.tidemark.daemon.internal.cli;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.TidemarkException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures reach the operator: one message on stderr, prefixed {@code tidemark:}, and the exit
 * code ({@link ExitCodes}). Stack traces only with {@code --verbose}.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final TidemarkCommand top;

    Errors(TidemarkCommand top) {
        this.top = top;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ConfigException) {
            err.println("tidemark: " + e.getMessage());
        } else if (e instanceof TidemarkException) {
            err.println("tidemark: " + e.getMessage());
        } else if (e instanceof InterruptedException) {
            err.println("tidemark: interrupted");
        } else {
            // not one of ours: the type matters, and the trace is one flag away
            err.println("tidemark: unexpected error: " + e + (top.verbose() ? "" : " (run with --verbose for details)"));
        }
        if (top.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof ConfigException ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tidemark: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        if (top.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }
}
