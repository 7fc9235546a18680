package io.nas4j.backend.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.backend.tck.Networks;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend's training step against a hand-written DJL loop for the same network (conv3x3-64, batch
 * norm, ReLU, 2x2 max pool, conv3x3-64, batch norm, ReLU, global average pool, linear to 10; batch 64 of
 * 3x32x32; SGD with momentum), alternating the two three times so both see the same machine load; prints
 * the numbers. Run on demand: {@code mvn -pl nas-backends/nas-backend-djl -am test
 * -Dtest=HandWrittenLoopBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class HandWrittenLoopBenchmarkTest {

    private static final Shape INPUT = Shape.of(3, 32, 32);
    private static final int BATCH = 64;
    private static final int STEPS = 10;

    @Test
    void backendStepTimeMatchesAHandWrittenLoop() {
        int examples = BATCH * STEPS;
        SplittableRandom random = new SplittableRandom(1);
        float[] values = new float[Math.toIntExact(examples * INPUT.elements())];
        for (int index = 0; index < values.length; index++) {
            values[index] = (float) random.nextDouble(-1, 1);
        }
        int[] labels = random.ints(examples, 0, 10).toArray();
        ArrayDataset data = new ArrayDataset("random/32x32", INPUT, 10, values, labels);

        NetworkSpec.Builder builder = NetworkSpec.builder(INPUT);
        String features = Networks.convBnRelu(builder, "block1", NetworkSpec.INPUT, 64);
        features = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), features);
        features = Networks.convBnRelu(builder, "block2", features, 64);
        NetworkSpec spec = builder.build(new ClassificationHead(INPUT, 10).attach(builder, features),
                Loss.SOFTMAX_CROSS_ENTROPY);
        TrainingPlan plan = new TrainingPlan(1, BATCH, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 1);

        DjlBackend backend = new DjlBackend();
        try (TrainingBackend.Model model = backend.compile(spec)) {
            backend.train(model, data, null, plan, TrainingBackend.EpochMonitor.none());
            double backendTotal = 0;
            double handTotal = 0;
            for (int round = 1; round <= 3; round++) {
                double backendMs = backend.train(model, data, null, plan, TrainingBackend.EpochMonitor.none()).msPerStep();
                double handMs = handWrittenMsPerStep(values, labels);
                backendTotal += backendMs;
                handTotal += handMs;
                System.out.printf("round %d: backend %.1f ms per step, hand-written DJL loop %.1f ms per step%n",
                        round, backendMs, handMs);
            }
            System.out.printf("mean: backend %.1f ms, hand-written %.1f ms, ratio %.3f (threads %s)%n",
                    backendTotal / 3, handTotal / 3, backendTotal / handTotal,
                    System.getProperty("ai.djl.pytorch.num_threads"));
            assertThat(backendTotal).isPositive();
        }
    }

    /** The same network and optimiser written directly against DJL; mean milliseconds per step. */
    private static double handWrittenMsPerStep(float[] values, int[] labels) {
        SequentialBlock block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).setFilters(64)
                        .optPadding(new ai.djl.ndarray.types.Shape(1, 1)).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new ai.djl.ndarray.types.Shape(2, 2), new ai.djl.ndarray.types.Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).setFilters(64)
                        .optPadding(new ai.djl.ndarray.types.Shape(1, 1)).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(10).build());
        int elements = Math.toIntExact(INPUT.elements());
        try (Model model = Model.newInstance("hand-written", DjlEngine.pytorch().defaultDevice(), DjlEngine.ENGINE_NAME)) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(ai.djl.training.loss.Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new ai.djl.ndarray.types.Shape(BATCH, 3, 32, 32));
                ai.djl.training.loss.Loss loss = ai.djl.training.loss.Loss.softmaxCrossEntropyLoss();
                long measured = 0;
                for (int pass = 0; pass < 2; pass++) {
                    long start = System.nanoTime();
                    for (int step = 0; step < STEPS; step++) {
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            float[] inputs = new float[BATCH * elements];
                            System.arraycopy(values, step * BATCH * elements, inputs, 0, inputs.length);
                            float[] targets = new float[BATCH];
                            for (int i = 0; i < BATCH; i++) {
                                targets[i] = labels[step * BATCH + i];
                            }
                            NDArray x = batch.create(inputs, new ai.djl.ndarray.types.Shape(BATCH, 3, 32, 32));
                            NDArray y = batch.create(targets, new ai.djl.ndarray.types.Shape(BATCH));
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList predictions = trainer.forward(new NDList(x));
                                NDArray value = loss.evaluate(new NDList(y), predictions);
                                collector.backward(value);
                            }
                            trainer.step();
                        }
                    }
                    // the first pass warms the engine up; only the second is measured
                    measured = System.nanoTime() - start;
                }
                return measured / 1e6 / STEPS;
            }
        }
    }
}
