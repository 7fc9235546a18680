package io.nas4j.executor.process;

import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerProtocolTest {

    @Test
    void aRequestReadsBackWithANumericOrFullFidelity() {
        WorkerProtocol.Request numeric = WorkerProtocol.readRequest(
                WorkerProtocol.request(7, "22212220", Fidelity.of(12), 2));
        WorkerProtocol.Request full = WorkerProtocol.readRequest(WorkerProtocol.request(8, "x", Fidelity.FULL, 1));

        assertThat(numeric).isEqualTo(new WorkerProtocol.Request(7, "22212220", Fidelity.of(12), 2));
        assertThat(full.fidelity()).isEqualTo(Fidelity.FULL);
        assertThat(WorkerProtocol.request(8, "x", Fidelity.FULL, 1)).contains("\"fidelity\":\"full\"");
    }

    @Test
    void aRequestCarriesTheIncumbentWhenThereIsOne() {
        Incumbent incumbent = new Incumbent("accuracy", 0.9375, 3);
        String line = WorkerProtocol.request(7, "22212220", Fidelity.of(4), 1, Optional.of(incumbent));

        assertThat(WorkerProtocol.readRequest(line).incumbent()).contains(incumbent);
        assertThat(WorkerProtocol.readRequest(WorkerProtocol.request(7, "x", Fidelity.FULL, 1)).incumbent()).isEmpty();
        assertThatThrownBy(() -> WorkerProtocol.readRequest(
                "{\"id\": 1, \"genome\": \"x\", \"fidelity\": \"full\", \"attempt\": 1, \"incumbent\": {\"value\": 1}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incumbent");
    }

    @Test
    void aResultReadsBackWithItsMetricsCurveAndNumbersJsonCannotHold() {
        TrialResult result = new TrialResult(TrialState.PRUNED, Map.of("accuracy", 0.5, "loss", Double.NaN), 3,
                "stopped early", List.of(0.25, 0.5, Double.POSITIVE_INFINITY));

        String line = WorkerProtocol.result(4, result);

        assertThat(line).doesNotContain("\n");
        assertThat(WorkerProtocol.readReply(line)).contains(new WorkerProtocol.Result(4, result));
    }

    @Test
    void aFailedResultKeepsItsReason() {
        TrialResult failed = TrialResult.failed("IllegalStateException: out of \"quotes\"\nand lines");

        assertThat(WorkerProtocol.readReply(WorkerProtocol.result(1, failed))).contains(new WorkerProtocol.Result(1, failed));
    }

    @Test
    void readyAndStartErrorsAreReplies() {
        assertThat(WorkerProtocol.readReply(WorkerProtocol.ready())).contains(new WorkerProtocol.Ready());
        assertThat(WorkerProtocol.readReply(WorkerProtocol.startError("no data")))
                .contains(new WorkerProtocol.StartError("no data"));
    }

    @Test
    void linesThatAreNotProtocolAreNoReplies() {
        assertThat(WorkerProtocol.readReply("")).isEmpty();
        assertThat(WorkerProtocol.readReply("Warning: something native")).isEmpty();
        assertThat(WorkerProtocol.readReply("[1, 2]")).isEmpty();
        assertThat(WorkerProtocol.readReply("{\"id\": 3}")).isEmpty();
        assertThat(WorkerProtocol.readReply("{\"id\": 3, \"state\": \"RUNNING\", \"metrics\": {}, \"cost\": 0,"
                + " \"reason\": \"\", \"curve\": []}")).isEmpty();
        assertThat(WorkerProtocol.readReply("{\"ready\": false}")).isEmpty();
    }

    @Test
    void aConfigurationWithLineBreaksTravelsAsOneLine() {
        String configuration = "{\n  \"space\": \"macro\"\n}";

        String line = WorkerProtocol.configuration(configuration);

        assertThat(line).doesNotContain("\n");
        assertThat(WorkerProtocol.readConfiguration(line)).isEqualTo(configuration);
    }

    @Test
    void aMalformedRequestNamesWhatARequestHolds() {
        assertThatThrownBy(() -> WorkerProtocol.readRequest("{\"id\": 1, \"genome\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fidelity (a number or \"full\")");
    }
}
