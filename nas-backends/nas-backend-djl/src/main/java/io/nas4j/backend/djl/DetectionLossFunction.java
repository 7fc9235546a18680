package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.DetectionLoss;

/**
 * The {@link io.nas4j.core.network.Loss#DETECTION} loss on DJL arrays, exactly as {@link DetectionLoss}
 * specifies it: predictions {@code [B, anchors, 5 + classes]}, dense targets {@code [B, anchors,
 * TARGET_WIDTH]}; the objectness term over the anchors that count, box and class terms over the positives,
 * the sum divided by the number of positives in the batch (at least 1).
 */
final class DetectionLossFunction extends Loss {

    private static final float EPSILON = 1e-7f;

    private final DetectionLoss terms;
    private final int classes;

    DetectionLossFunction(DetectionLoss terms, int classes) {
        super("detection");
        this.terms = terms;
        this.classes = classes;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray output = predictions.singletonOrThrow();
        NDArray targets = labels.singletonOrThrow();
        NDArray positive = targets.get(":, :, " + DetectionLoss.OBJECTNESS);
        NDArray weight = targets.get(":, :, " + DetectionLoss.WEIGHT);
        NDArray normaliser = positive.sum().maximum(1f);

        NDArray logits = output.get(":, :, 0");
        NDArray objectness = sigmoidCrossEntropy(logits, positive);
        if (terms.objectness() == DetectionLoss.Objectness.FOCAL) {
            NDArray probability = Activation.sigmoid(logits);
            NDArray probabilityOfTruth = probability.mul(positive).add(probability.neg().add(1).mul(positive.neg().add(1)));
            NDArray alpha = positive.mul((float) (2 * DetectionLoss.FOCAL_ALPHA - 1)).add((float) (1 - DetectionLoss.FOCAL_ALPHA));
            objectness = objectness.mul(alpha).mul(probabilityOfTruth.neg().add(1).pow((float) DetectionLoss.FOCAL_GAMMA));
        }

        NDArray offsets = output.get(":, :, 1:5");
        NDArray boxTargets = targets.get(":, :, " + DetectionLoss.BOX + ":" + (DetectionLoss.BOX + 4));
        NDArray box = terms.box() == DetectionLoss.Box.SMOOTH_L1
                ? smoothL1(offsets, boxTargets)
                : generalizedIouLoss(offsets, boxTargets, targets.get(":, :, " + DetectionLoss.ANCHOR + ":" + (DetectionLoss.ANCHOR + 4)));

        NDArray perPositive = box;
        if (classes > 1) {
            NDArray classIndex = targets.get(":, :, " + DetectionLoss.CLASS).toType(DataType.INT32, false);
            NDArray logProbabilities = output.get(":, :, 5:").logSoftmax(-1);
            NDArray truth = classIndex.oneHot(classes).toType(logProbabilities.getDataType(), false);
            perPositive = perPositive.add(logProbabilities.mul(truth).sum(new int[] {-1}).neg());
        }
        return objectness.mul(weight).sum().add(perPositive.mul(positive).sum()).div(normaliser);
    }

    /** {@code max(x, 0) - x t + log(1 + exp(-|x|))}, stable for any logit. */
    private static NDArray sigmoidCrossEntropy(NDArray logits, NDArray truth) {
        return logits.maximum(0f).sub(logits.mul(truth)).add(logits.abs().neg().exp().add(1).log());
    }

    /** Smooth L1 summed over the four offsets: {@code 0.5 d^2 / beta} below beta, {@code d - 0.5 beta} above. */
    private static NDArray smoothL1(NDArray offsets, NDArray truth) {
        float beta = (float) DetectionLoss.SMOOTH_L1_BETA;
        NDArray distance = offsets.sub(truth).abs();
        NDArray quadratic = distance.pow(2).mul(0.5f / beta);
        NDArray linear = distance.sub(0.5f * beta);
        return NDArrays.where(distance.lt(beta), quadratic, linear).sum(new int[] {-1});
    }

    /** {@code 1 - GIoU} of the boxes that the predicted and the target offsets decode to. */
    private static NDArray generalizedIouLoss(NDArray offsets, NDArray truth, NDArray anchors) {
        NDArray[] predicted = corners(offsets, anchors);
        NDArray[] target = corners(truth, anchors);
        NDArray width = predicted[2].minimum(target[2]).sub(predicted[0].maximum(target[0])).maximum(0f);
        NDArray height = predicted[3].minimum(target[3]).sub(predicted[1].maximum(target[1])).maximum(0f);
        NDArray intersection = width.mul(height);
        NDArray union = area(predicted).add(area(target)).sub(intersection).add(EPSILON);
        NDArray enclosing = predicted[2].maximum(target[2]).sub(predicted[0].minimum(target[0]))
                .mul(predicted[3].maximum(target[3]).sub(predicted[1].minimum(target[1]))).add(EPSILON);
        NDArray generalized = intersection.div(union).sub(enclosing.sub(union).div(enclosing));
        return generalized.neg().add(1);
    }

    private static NDArray[] corners(NDArray offsets, NDArray anchors) {
        NDArray anchorWidth = anchors.get(":, :, 2");
        NDArray anchorHeight = anchors.get(":, :, 3");
        NDArray x = anchors.get(":, :, 0").add(offsets.get(":, :, 0").mul(anchorWidth));
        NDArray y = anchors.get(":, :, 1").add(offsets.get(":, :, 1").mul(anchorHeight));
        float clamp = (float) DetectionLayout.MAXIMUM_LOG_SCALE;
        NDArray halfWidth = offsets.get(":, :, 2").minimum(clamp).exp().mul(anchorWidth).div(2);
        NDArray halfHeight = offsets.get(":, :, 3").minimum(clamp).exp().mul(anchorHeight).div(2);
        return new NDArray[] {x.sub(halfWidth), y.sub(halfHeight), x.add(halfWidth), y.add(halfHeight)};
    }

    private static NDArray area(NDArray[] corners) {
        return corners[2].sub(corners[0]).mul(corners[3].sub(corners[1]));
    }
}
