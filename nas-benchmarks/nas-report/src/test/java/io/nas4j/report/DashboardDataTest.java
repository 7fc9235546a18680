package io.nas4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardDataTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Objective ACCURACY = Objective.maximize("accuracy");

    private static DashboardData.Row complete(long id, int finishedSecond, double accuracy, double params, double flops) {
        return new DashboardData.Row(id, TrialState.COMPLETE, "g" + id, Double.POSITIVE_INFINITY, 1,
                Map.of("accuracy", accuracy, "params", params, "flops", flops), finishedSecond - 1.0,
                T0.plusSeconds(1), T0.plusSeconds(finishedSecond), "", List.of(accuracy / 2, accuracy));
    }

    private static DashboardData.Row failed(long id, int finishedSecond) {
        return new DashboardData.Row(id, TrialState.FAILED, "g" + id, Double.POSITIVE_INFINITY, 2, Map.of(), Double.NaN,
                T0, T0.plusSeconds(finishedSecond), "too many multiply-adds", List.of());
    }

    private static ObjectNode dashboard(List<DashboardData.Row> rows) {
        return DashboardData.search("search", Path.of("runs/x"), rows, null, null, ACCURACY,
                Architectures.none("no space in this test"));
    }

    @Test
    void theBestSoFarCurveFollowsTheOrderTrialsFinishedIn() {
        // trial 2 finishes before trial 1; the failure counts as a finished trial but draws no point
        List<DashboardData.Row> rows = List.of(complete(0, 10, 0.50, 1000, 5000), complete(1, 40, 0.70, 3000, 9000),
                complete(2, 20, 0.60, 500, 7000), failed(3, 30), complete(4, 50, 0.65, 100, 200));

        JsonNode best = dashboard(rows).get("bestSoFar");

        assertThat(best).hasSize(4);
        assertThat(best.findValuesAsText("trial")).containsExactly("0", "2", "1", "4");
        assertThat(best.findValues("finished")).extracting(JsonNode::asInt).containsExactly(1, 2, 4, 5);
        assertThat(best.findValues("best")).extracting(JsonNode::asDouble).containsExactly(0.50, 0.60, 0.70, 0.70);
    }

    @Test
    void aSearchWithSeveralObjectivesMarksItsFrontAndTheMembersTrainedAgain() throws Exception {
        List<DashboardData.Row> rows = List.of(complete(0, 10, 0.50, 1000, 5000), complete(1, 40, 0.70, 3000, 9000),
                complete(4, 50, 0.65, 100, 200));
        JsonNode result = DashboardData.JSON.readTree("""
                {"objectives": ["accuracy", "params"], "best": {"trial": 1, "test": {"accuracy": 0.71}},
                 "front": [
                   {"trial": 1, "trainedAgain": true, "selectedAs": ["accuracy"], "test": {"accuracy": 0.71}},
                   {"trial": 4, "trainedAgain": true, "selectedAs": ["params", "knee"], "test": {"accuracy": 0.64}},
                   {"trial": 0, "trainedAgain": false, "selectedAs": []}]}""");

        JsonNode front = DashboardData.search("search", Path.of("runs/x"), rows, null, result, ACCURACY,
                Architectures.none("no space in this test")).get("front");

        assertThat(texts(front.get("objectives"))).containsExactly("accuracy", "params");
        assertThat(front.get("members")).extracting(JsonNode::asLong).containsExactly(1L, 4L, 0L);
        assertThat(front.get("retrained")).extracting(JsonNode::asLong).containsExactly(1L, 4L);
        assertThat(front.get("tests").get("4").get("value").asDouble()).isEqualTo(0.64);
        assertThat(texts(front.get("tests").get("4").get("selectedAs"))).containsExactly("params", "knee");
        assertThat(dashboard(rows).has("front")).as("one objective: no front").isFalse();
    }

    @Test
    void theParetoFrontHoldsTheTrialsNoCheaperTrialBeats() {
        List<DashboardData.Row> rows = List.of(complete(0, 10, 0.50, 1000, 5000), complete(1, 40, 0.70, 3000, 9000),
                complete(2, 20, 0.60, 500, 7000), failed(3, 30), complete(4, 50, 0.65, 100, 200));

        JsonNode pareto = dashboard(rows).get("pareto");

        assertThat(texts(pareto.get("axes"))).containsExactly("params", "flops");
        // by params: 4 (100, .65) beats 2 (500, .60) and 0 (1000, .50); 1 (3000, .70) is better than all
        assertThat(texts(pareto.get("front").get("params"))).containsExactly("4", "1");
        // by FLOPs: 4 (200, .65), then 0 (5000, .50) is worse, 2 (7000, .60) is worse, 1 (9000, .70)
        assertThat(texts(pareto.get("front").get("flops"))).containsExactly("4", "1");
    }

    @Test
    void countsTheStatesAndNamesTheBestTrial() {
        ObjectNode data = dashboard(List.of(complete(0, 10, 0.5, 1, 1), failed(1, 11), complete(2, 12, 0.8, 1, 1)));

        assertThat(data.get("counts").get("COMPLETE").asInt()).isEqualTo(2);
        assertThat(data.get("counts").get("FAILED").asInt()).isEqualTo(1);
        assertThat(data.get("counts").get("total").asInt()).isEqualTo(3);
        assertThat(data.get("best").asLong()).isEqualTo(2);
    }

    @Test
    void numbersThatAreNotFiniteBecomeNullAndFullFidelityIsNull() {
        ObjectNode data = dashboard(List.of(failed(0, 3)));

        JsonNode trial = data.get("trials").get(0);
        assertThat(trial.get("value").isNull()).isTrue();
        assertThat(trial.get("seconds").isNull()).isTrue();
        assertThat(trial.get("fidelity").isNull()).isTrue();
        assertThat(trial.get("reason").asText()).isEqualTo("too many multiply-adds");
        assertThat(data.get("best").isNull()).isTrue();
    }

    @Test
    void theStaticPageEmbedsTheDataSoThatNoStringEndsTheScriptElement() {
        DashboardData.Row row = new DashboardData.Row(0, TrialState.FAILED, "</script><script>alert(1)</script>",
                1, 1, Map.of(), 1, T0, T0, "<b>", List.of());
        String page = ReportFile.staticPage(dashboard(List.of(row)));

        assertThat(page).doesNotContain("</script><script>alert(1)");
        assertThat(page).contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
        assertThat(ReportFile.livePage()).contains("<script id=\"nas-data\" type=\"application/json\">null</script>");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
