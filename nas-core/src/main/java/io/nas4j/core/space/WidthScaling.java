package io.nas4j.core.space;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.DetectorHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Channels scaled down (or up) as a fidelity: every channel count of a network's body is multiplied by a
 * width multiplier and rounded, at least 1, while the task head stays as it is. A network at half width
 * has about a quarter of the body's multiply-adds, so it trains faster, and the ranking of architectures
 * by its accuracy is an estimate of their ranking at full width (the "fewer channels" low fidelity of the
 * NAS literature, for example the reduced models of NASNet and the width-scaled proxies of EcoNAS).
 *
 * <p>What scales: the output channels of convolutions, the output features of linear layers, the
 * intermediate channels of attention gates and the output channels of multi-scale fusions. Grouped
 * convolutions round up to a multiple of their groups. Depthwise convolutions follow their input. Nodes
 * the {@link TaskHead} adds are never scaled, so the output keeps its classes. Since equal channel counts
 * stay equal after scaling, additions and concatenations of the body still fit; a network whose scaled
 * shapes do not fit (a channel count tied to the input's) is reported invalid by {@link NetworkAnalysis}.
 */
public final class WidthScaling {

    private WidthScaling() {
    }

    /**
     * Decodes {@code genome} with {@code head} and scales its body by {@code multiplier}.
     *
     * @throws IllegalArgumentException when the multiplier is not positive and finite, or below 1 with a
     *                                  {@link DetectorHead}
     */
    public static <G extends Genome> NetworkSpec decode(SearchSpace<G> space, G genome, TaskHead head,
                                                        double multiplier) {
        requireMultiplier(multiplier);
        if (multiplier == 1.0) {
            return space.decode(genome, head);
        }
        if (head instanceof DetectorHead) {
            // a detector space attaches its multi-level head by its own type, which a wrapper would hide
            throw new IllegalArgumentException("width scaling supports single-output task heads, not detector heads");
        }
        RecordingHead recording = new RecordingHead(head);
        NetworkSpec spec = space.decode(genome, recording);
        int bodyNodes = recording.bodyNodes < 0 ? spec.nodes().size() : recording.bodyNodes;
        return scale(spec, bodyNodes, multiplier);
    }

    /** {@code spec} with the channels of its first {@code bodyNodes} nodes scaled by {@code multiplier}. */
    public static NetworkSpec scale(NetworkSpec spec, int bodyNodes, double multiplier) {
        requireMultiplier(multiplier);
        List<Node> nodes = new ArrayList<>(spec.nodes().size());
        for (int i = 0; i < spec.nodes().size(); i++) {
            Node node = spec.nodes().get(i);
            nodes.add(i < bodyNodes ? new Node(node.id(), scale(node.op(), multiplier), node.inputs()) : node);
        }
        return new NetworkSpec(spec.input(), nodes, spec.output(), spec.loss());
    }

    /** One op with its channels scaled; ops without channels of their own are returned as they are. */
    static Op scale(Op op, double multiplier) {
        if (op instanceof Op.Conv conv) {
            int channels = channels(conv.outChannels(), multiplier);
            int groups = conv.groups();
            channels = Math.max(groups, (channels + groups - 1) / groups * groups);
            return new Op.Conv(conv.spatialDims(), channels, conv.kernel(), conv.stride(), conv.dilation(), groups,
                    conv.bias());
        }
        if (op instanceof Op.Linear linear) {
            return new Op.Linear(channels(linear.outFeatures(), multiplier), linear.bias());
        }
        if (op instanceof Op.AttentionGate gate) {
            return new Op.AttentionGate(channels(gate.interChannels(), multiplier));
        }
        if (op instanceof Op.MultiScaleFusion fusion) {
            return new Op.MultiScaleFusion(channels(fusion.outChannels(), multiplier));
        }
        return op;
    }

    /** {@code round(count * multiplier)}, at least 1. */
    public static int channels(int count, double multiplier) {
        return (int) Math.max(1, Math.round(count * multiplier));
    }

    private static void requireMultiplier(double multiplier) {
        if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the width multiplier must be positive, got " + multiplier);
        }
    }

    /** A head that notes how many nodes the body had when it was attached. */
    private static final class RecordingHead implements TaskHead {
        private final TaskHead head;
        private int bodyNodes = -1;

        RecordingHead(TaskHead head) {
            this.head = Objects.requireNonNull(head, "head");
        }

        @Override
        public Shape input() {
            return head.input();
        }

        @Override
        public String attach(NetworkSpec.Builder builder, String features) {
            bodyNodes = builder.size();
            return head.attach(builder, features);
        }

        @Override
        public Loss loss() {
            return head.loss();
        }
    }
}
