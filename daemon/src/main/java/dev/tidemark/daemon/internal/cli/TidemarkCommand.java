package dev.tidemark.daemon.internal.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code tidemark} command: subcommands only, plus the global options. */
@Command(name = "tidemark", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        description = "Change data capture for PostgreSQL without Kafka.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (check: no FAIL)",
            "  1  runtime failure: a pipeline failed, a database is unreachable,",
            "     check found a FAIL, status could not read something",
            "  2  usage or configuration error"})
public final class TidemarkCommand implements Runnable {
    private boolean verbose;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors and log tidemark at DEBUG level.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose && LoggerFactory.getLogger("dev.tidemark") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(Level.DEBUG);
        }
    }

    boolean verbose() {
        return verbose;
    }

    /** Without a subcommand: explain, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: run, check, status, migrate or demo");
    }

    /** Builds the command line with every subcommand bound to {@code context}. */
    public static CommandLine commandLine(CliContext context) {
        TidemarkCommand top = new TidemarkCommand();
        CommandLine cmd = new CommandLine(top)
                .addSubcommand(new RunCommand(context))
                .addSubcommand(new CheckCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new MigrateCommand(context))
                .addSubcommand(new DemoCommand(context));
        Errors errors = new Errors(top);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        return cmd;
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TidemarkCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tidemark " + (v == null ? "(development build)" : v)};
        }
    }
}
