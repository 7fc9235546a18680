package io.nas4j.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.nas4j.core.UserInputException;
import io.nas4j.cli.wiring.NasModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code nas}: the command line. {@link #main} builds the Guice injector from {@link NasModule} and runs
 * the subcommand.
 *
 * <p>Exit status: 0 on success; 2 on a usage or configuration error, reported as one line on stderr that
 * names the flag or field (and the allowed values) with no stack trace; 1 when the run itself fails.
 */
@Command(name = "nas", mixinStandardHelpOptions = true, versionProvider = NasCommand.Version.class,
        description = "Neural architecture search for the JVM.",
        subcommands = {SearchCommand.class, ResumeCommand.class, BenchCommand.class, ExportCommand.class, RetrainCommand.class, ListCommand.class, ServeCommand.class, WorkerCommand.class,
                CommandLine.HelpCommand.class})
public final class NasCommand implements Callable<Integer> {

    /** Success. */
    public static final int OK = 0;
    /** The run itself failed. */
    public static final int FAILED = 1;
    /** A usage or configuration error. */
    public static final int USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(NasCommand.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(Guice.createInjector(new NasModule())).execute(args));
    }

    /** The command line over {@code injector}, with the error handling that sets the exit status. */
    public static CommandLine commandLine(Injector injector) {
        CommandLine commandLine = new CommandLine(NasCommand.class, new GuiceFactory(injector));
        commandLine.setParameterExceptionHandler(NasCommand::usageError);
        commandLine.setExecutionExceptionHandler(NasCommand::executionError);
        return commandLine;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("nas: a command is required: search, resume, worker, bench, export, list or serve (see nas --help)");
        return USAGE;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + " (see "
                + commandLine.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return USAGE;
    }

    /**
     * A user's mistake, a full disk and a file the user's settings keep from being written are one sentence and
     * status 2; any other failure is one paragraph and status 1, its stack trace written to a file the paragraph
     * names, since a trace on the terminal helps no one who did not write the code.
     */
    private static int executionError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        LOG.debug("{} failed", command, e);
        Optional<UserInputException> userInput = Failures.userInput(e);
        Optional<String> diskFull = Failures.diskFull(e);
        Optional<String> fileSystem = Failures.fileSystem(e);
        int status = USAGE;
        if (userInput.isPresent()) {
            err.println(command + ": " + oneLine(Flags.message(userInput.get())));
        } else if (diskFull.isPresent()) {
            boolean search = command.endsWith(" search") || command.endsWith(" resume");
            err.println(command + ": the disk is full (" + Failures.paragraph(diskFull.get()) + "); free some space"
                    + (search ? ", then continue the search with nas resume" : " and run it again"));
        } else if (fileSystem.isPresent()) {
            err.println(command + ": " + Failures.paragraph(fileSystem.get()));
        } else {
            Optional<Path> trace = Failures.writeTrace(e, command, parseResult);
            err.println(command + ": the run failed: " + Failures.paragraph(String.valueOf(e))
                    + trace.map(file -> " (the stack trace is in " + file + ")")
                    .orElse(" (its stack trace could not be written to a file)"));
            status = FAILED;
        }
        err.flush();
        return status;
    }

    /** {@code message} on one line, its characters that do not print escaped. */
    private static String oneLine(String message) {
        return message == null ? "" : UserInputException.printable(message.replaceAll("\\s*\\R\\s*", " ").trim());
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NasCommand.class.getPackage().getImplementationVersion();
            return new String[] {"nas4j " + (version == null ? "(development build)" : version)};
        }
    }
}
