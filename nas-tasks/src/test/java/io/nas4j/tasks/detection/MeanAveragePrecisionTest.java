package io.nas4j.tasks.detection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.nas4j.tasks.detection.MeanAveragePrecision.Interpolation.ALL_POINTS;
import static io.nas4j.tasks.detection.MeanAveragePrecision.Interpolation.COCO_101;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Average precision on cases worked out by hand. */
class MeanAveragePrecisionTest {

    private static final GroundTruth G1 = GroundTruth.of(0, 0, 0, 10, 10);
    private static final GroundTruth G2 = GroundTruth.of(0, 0, 0, 10, 10);
    private static final GroundTruth G3 = GroundTruth.of(0, 20, 20, 30, 30);

    /**
     * One class, three objects (one in image 0, two in image 1). By score: a hit on G1 (TP), a miss (FP), a
     * hit on G2 (TP), a duplicate on G1 (FP). Precision 1, 1/2, 2/3, 1/2 at recall 1/3, 1/3, 2/3, 2/3.
     */
    private static final List<List<GroundTruth>> TRUTHS = List.of(List.of(G1), List.of(G2, G3));
    private static final List<List<Detection>> DETECTIONS = List.of(
            List.of(Detection.of(0, 0.9, 0, 0, 10, 10), Detection.of(0, 0.6, 1, 1, 10, 10)),
            List.of(Detection.of(0, 0.8, 40, 40, 50, 50), Detection.of(0, 0.7, 0, 0, 10, 9)));

    @Test
    void allPointsApIsTheAreaUnderThePrecisionEnvelope() {
        // 1/3 * 1 + 1/3 * 2/3 = 5/9
        assertThat(MeanAveragePrecision.averagePrecision(TRUTHS, DETECTIONS, 0, 0.5, ALL_POINTS))
                .isCloseTo(5.0 / 9, within(1e-12));
    }

    @Test
    void cocoApIsTheMeanEnvelopeAt101Recalls() {
        // recalls 0..0.33 (34 points) at precision 1, 0.34..0.66 (33 points) at 2/3, the last 34 at 0
        assertThat(MeanAveragePrecision.averagePrecision(TRUTHS, DETECTIONS, 0, 0.5, COCO_101))
                .isCloseTo(56.0 / 101, within(1e-12));
    }

    @Test
    void aStricterThresholdTurnsLooseHitsIntoMisses() {
        // at IoU 0.95 the hit on G2 (IoU 0.9) misses: TP, FP, FP, FP -> AP 1/3
        assertThat(MeanAveragePrecision.averagePrecision(TRUTHS, DETECTIONS, 0, 0.95, ALL_POINTS))
                .isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void cocoMapAveragesTenIouThresholds() {
        // IoU 0.72: a hit at 0.5, 0.55, 0.6, 0.65, 0.7, a miss at 0.75 .. 0.95
        List<List<GroundTruth>> truths = List.of(List.of(GroundTruth.of(0, 0, 0, 10, 10)));
        List<List<Detection>> detections = List.of(List.of(Detection.of(0, 0.5, 0, 0, 10, 7.2)));

        MeanAveragePrecision.Result result = MeanAveragePrecision.evaluate(truths, detections, 1);

        assertThat(result.map50()).isEqualTo(1.0);
        assertThat(result.coco50()).isEqualTo(1.0);
        assertThat(result.map()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void classesWithoutObjectsAreLeftOutOfTheMeanAndMissedClassesCountZero() {
        List<List<GroundTruth>> truths = List.of(List.of(GroundTruth.of(0, 0, 0, 10, 10), GroundTruth.of(2, 20, 20, 30, 30)));
        List<List<Detection>> detections = List.of(List.of(Detection.of(0, 0.9, 0, 0, 10, 10),
                Detection.of(1, 0.8, 20, 20, 30, 30)));

        MeanAveragePrecision.Result result = MeanAveragePrecision.evaluate(truths, detections, 3);

        assertThat(result.perClassAp50().get(0)).isEqualTo(1.0);
        assertThat(result.perClassAp50().get(1)).isNaN();
        assertThat(result.perClassAp50().get(2)).isZero();
        assertThat(result.map50()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void detectionsOfDifficultObjectsCountNeitherWay() {
        List<List<GroundTruth>> truths = List.of(List.of(GroundTruth.of(0, 0, 0, 10, 10),
                new GroundTruth(0, new Box(20, 20, 30, 30), true)));
        // the difficult hit scores highest; without the rule it would be a FP before the TP
        List<List<Detection>> detections = List.of(List.of(Detection.of(0, 0.9, 20, 20, 30, 30),
                Detection.of(0, 0.8, 0, 0, 10, 10)));

        assertThat(MeanAveragePrecision.averagePrecision(truths, detections, 0, 0.5, ALL_POINTS)).isEqualTo(1.0);
    }

    @Test
    void perfectDetectionsScoreOneAndNoDetectionsZero() {
        List<List<GroundTruth>> truths = List.of(List.of(G1), List.of(G3));
        List<List<Detection>> perfect = List.of(List.of(Detection.of(0, 0.3, 0, 0, 10, 10)),
                List.of(Detection.of(0, 0.4, 20, 20, 30, 30)));

        assertThat(MeanAveragePrecision.evaluate(truths, perfect, 1).map()).isCloseTo(1.0, within(1e-12));
        assertThat(MeanAveragePrecision.evaluate(truths, List.of(List.of(), List.of()), 1).map50()).isZero();
    }
}
