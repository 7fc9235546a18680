package io.nas4j.strategies.predictor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PredictorEnsembleTest {

    @Test
    void membersDisagreeMoreFarFromTheDataThanOnIt() {
        double[][] inputs = new double[40][6];
        double[] targets = new double[40];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < inputs.length; i++) {
            // the data never switch on the last input
            for (int j = 0; j < 5; j++) {
                inputs[i][j] = random.nextInt(2);
            }
            targets[i] = inputs[i][0] - inputs[i][1] + inputs[i][2] * inputs[i][3];
        }
        PredictorEnsemble ensemble = new PredictorEnsemble(5, 6, new int[] {16, 16}, 0.01, 0, 200, 20, 16,
                new SplittableRandom(1));
        ensemble.fit(inputs, targets);
        double onData = 0;
        for (double[] input : inputs) {
            onData += ensemble.predict(input).deviation() / inputs.length;
        }
        double[] unseen = {1, 1, 1, 1, 1, 10};
        assertThat(ensemble.predict(unseen).deviation()).isGreaterThan(3 * onData);
    }
}
