package io.nas4j.cli;

import com.google.inject.Injector;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code nas} command line in this JVM and captures what it prints and returns. */
final class CliRun {

    private CliRun() {
    }

    static Outcome run(Injector injector, String... args) {
        CommandLine commandLine = NasCommand.commandLine(injector);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    /** Exit status and the text written to standard output and standard error. */
    record Outcome(int status, String out, String err) {
    }
}
