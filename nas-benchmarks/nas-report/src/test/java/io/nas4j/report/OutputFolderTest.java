package io.nas4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.objective.Objective;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The objective the dashboard ranks a search's trials by, read from the configuration its result file records. */
class OutputFolderTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void aTrainingSearchRanksByValidationAccuracy() throws Exception {
        assertThat(OutputFolder.objective(config("{\"task\":\"classification\",\"proxy\":\"none\"}")))
                .isEqualTo(Objective.maximize("accuracy"));
        assertThat(OutputFolder.objective(null)).isEqualTo(Objective.maximize("accuracy"));
    }

    @Test
    void aSearchScoredByAProxyRanksByItsScore() throws Exception {
        assertThat(OutputFolder.objective(config("{\"task\":\"classification\",\"proxy\":\"synflow\"}")))
                .isEqualTo(Objective.maximize("synflow"));
    }

    @Test
    void aDetectionSearchRanksByMeanAveragePrecision() throws Exception {
        assertThat(OutputFolder.objective(config("{\"task\":\"detection\"}"))).isEqualTo(Objective.maximize("map50"));
    }

    private static JsonNode config(String json) throws Exception {
        return JSON.readTree(json);
    }
}
