package io.nas4j.executor.process;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's protocol, run in this JVM on string streams. */
class WorkerMainTest {

    private static final String FACTORY = TestJobFactory.class.getName();

    @Test
    void aWorkerAnswersReadyThenOneResultPerTrialInOrder() {
        Run run = run(FACTORY, "{\"throwOn\": \"00000001\"}",
                WorkerProtocol.request(1, "22222222", Fidelity.FULL, 1),
                WorkerProtocol.request(2, "00000001", Fidelity.of(4), 1),
                WorkerProtocol.request(3, "10000000", Fidelity.of(4), 2));

        assertThat(run.status()).isZero();
        assertThat(run.lines()).hasSize(4);
        assertThat(WorkerProtocol.readReply(run.lines().get(0))).contains(new WorkerProtocol.Ready());
        assertThat(result(run, 1, 1).metrics()).containsEntry(TestJobFactory.ACCURACY, 16.0);
        assertThat(result(run, 2, 2)).isEqualTo(TrialResult.failed("IllegalStateException: cannot evaluate 00000001"));
        assertThat(result(run, 3, 3).metrics()).containsEntry(TestJobFactory.ACCURACY, 1.0);
    }

    @Test
    void theIncumbentInARequestReachesTheEstimatorsTrial() {
        Run run = run(FACTORY, "{}",
                WorkerProtocol.request(1, "22222222", Fidelity.FULL, 1, Optional.of(new Incumbent("accuracy", 0.75, 0))),
                WorkerProtocol.request(2, "22222222", Fidelity.FULL, 1));

        assertThat(result(run, 1, 1).metrics()).containsEntry("incumbent", 0.75);
        assertThat(result(run, 2, 2).metrics()).containsEntry("incumbent", -1.0);
    }

    @Test
    void aGenomeTheSpaceCannotReadFailsOnlyItsTrial() {
        Run run = run(FACTORY, "{}", WorkerProtocol.request(1, "9", Fidelity.FULL, 1),
                WorkerProtocol.request(2, "00000000", Fidelity.FULL, 1));

        assertThat(result(run, 1, 1).state()).isEqualTo(TrialState.FAILED);
        assertThat(result(run, 1, 1).reason()).startsWith("IllegalArgumentException: a macro key has 8 digits");
        assertThat(result(run, 2, 2).state()).isEqualTo(TrialState.COMPLETE);
    }

    @Test
    void aFactoryThatThrowsIsReportedAndTheWorkerExitsWithStatus3() {
        Run run = run(FACTORY, "{\"failStart\": \"no data set at /nowhere\"}");

        assertThat(run.status()).isEqualTo(WorkerMain.START_FAILED);
        assertThat(run.lines()).singleElement().satisfies(line -> assertThat(WorkerProtocol.readReply(line))
                .contains(new WorkerProtocol.StartError("IllegalStateException: no data set at /nowhere")));
    }

    @Test
    void anUnknownFactoryClassIsNamed() {
        Run run = run("io.nas4j.NoSuchFactory", "{}");

        assertThat(run.status()).isEqualTo(WorkerMain.START_FAILED);
        assertThat(WorkerProtocol.readReply(run.lines().get(0))).contains(new WorkerProtocol.StartError(
                "no trial recipe factory class io.nas4j.NoSuchFactory on the class path"));
    }

    @Test
    void aClassThatIsNoFactoryIsNamed() {
        Run run = run(String.class.getName(), "{}");

        assertThat(WorkerProtocol.readReply(run.lines().get(0))).contains(new WorkerProtocol.StartError(
                "java.lang.String does not implement " + TrialRecipe.Factory.class.getCanonicalName()));
    }

    @Test
    void aLineThatIsNoRequestStopsTheWorkerWithStatus4() {
        Run run = run(FACTORY, "{}", "hello");

        assertThat(run.status()).isEqualTo(WorkerMain.PROTOCOL_ERROR);
        assertThat(run.lines()).hasSize(1);
    }

    private static TrialResult result(Run run, int line, long id) {
        WorkerProtocol.Reply reply = WorkerProtocol.readReply(run.lines().get(line)).orElseThrow();
        assertThat(reply).isInstanceOf(WorkerProtocol.Result.class);
        assertThat(((WorkerProtocol.Result) reply).id()).isEqualTo(id);
        return ((WorkerProtocol.Result) reply).result();
    }

    private static Run run(String factory, String configuration, String... requests) {
        StringBuilder input = new StringBuilder(WorkerProtocol.configuration(configuration)).append('\n');
        for (String request : requests) {
            input.append(request).append('\n');
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = WorkerMain.run(new String[] {factory}, new BufferedReader(new StringReader(input.toString())),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        return new Run(status, output.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private record Run(int status, List<String> lines) {
    }
}
