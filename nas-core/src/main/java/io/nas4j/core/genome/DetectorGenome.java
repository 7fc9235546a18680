package io.nas4j.core.genome;

import java.util.List;
import java.util.Objects;

/**
 * A genome of {@link io.nas4j.core.space.DetectorSpace}: a backbone of strided stages, the feature levels
 * that get a detection head, whether a feature pyramid joins them, and the anchor configuration.
 *
 * @param stages       how many backbone stages are used (the first {@code stages} of {@code backbone})
 * @param backbone     every stage slot of the space, used or not, so that a genome is its decisions
 * @param levels       heads on the last {@code levels} stages
 * @param pyramid      whether a top-down feature pyramid feeds the heads
 * @param anchorScales anchor sizes in strides of their level
 * @param aspectRatios anchor height-to-width ratios
 */
public record DetectorGenome(int stages, List<Stage> backbone, int levels, boolean pyramid, List<Double> anchorScales,
                             List<Double> aspectRatios) implements Genome {

    public DetectorGenome {
        backbone = List.copyOf(backbone);
        anchorScales = List.copyOf(anchorScales);
        aspectRatios = List.copyOf(aspectRatios);
        if (stages < 1 || stages > backbone.size()) {
            throw new IllegalArgumentException("stages must be in [1, " + backbone.size() + "], got " + stages);
        }
        if (levels < 1 || levels > stages) {
            throw new IllegalArgumentException("levels must be in [1, " + stages + "], got " + levels);
        }
    }

    /** The stages in use. */
    public List<Stage> activeStages() {
        return backbone.subList(0, stages);
    }

    /**
     * One backbone stage: a layer of {@code op} with stride 2 to {@code channels}, and with depth 2 a
     * second, residual layer of the same op at stride 1.
     */
    public record Stage(String op, int channels, int depth) {
        public Stage {
            Objects.requireNonNull(op, "op");
            if (channels < 1 || depth < 1) {
                throw new IllegalArgumentException("a stage needs positive channels and depth, got " + channels
                        + " and " + depth);
            }
        }
    }
}
