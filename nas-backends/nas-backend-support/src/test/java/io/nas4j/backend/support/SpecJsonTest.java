package io.nas4j.backend.support;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecJsonTest {

    @Test
    void everyOpSurvivesARoundTrip() throws IOException {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 8, 8));
        String conv = builder.add("conv", new Op.Conv(2, 8, 4, 2, 1, 2, true), NetworkSpec.INPUT);
        String depthwise = builder.add("depthwise", new Op.DepthwiseConv(2, 3, 1, 2, false), conv);
        String norm = builder.add("bn", new Op.BatchNorm(), depthwise);
        String act = builder.add("act", new Op.Activation(Op.Activation.Function.RELU6), norm);
        String pool = builder.add("pool", new Op.Pool(Op.PoolKind.AVG, 2, 3, 1), act);
        String identity = builder.add("identity", new Op.Identity(), pool);
        String zero = builder.add("zero", new Op.Zero(1), pool);
        String sum = builder.add("add", new Op.Add(), identity, zero);
        String joined = builder.add("concat", new Op.Concat(), sum, pool);
        String up = builder.add("up", new Op.Upsample(2), joined);
        String fused = builder.add("fusion", new Op.MultiScaleFusion(4), joined, up);
        String gate = builder.add("gate", new Op.AttentionGate(3), fused, fused);
        builder.add("detect", new Op.DetectionHead(2, 3), gate);
        String global = builder.add("global", new Op.GlobalPool(Op.PoolKind.MAX), gate);
        String flat = builder.add("flatten", new Op.Flatten(), global);
        String drop = builder.add("dropout", new Op.Dropout(0.25), flat);
        String logits = builder.add("logits", new Op.Linear(5, false), drop);
        NetworkSpec spec = builder.build(logits, Loss.MEAN_SQUARED_ERROR);

        String json = SpecJson.write(spec);

        assertThat(SpecJson.read(json)).isEqualTo(spec);
        assertThat(json).contains("\"op\" : \"attention_gate\"", "\"interChannels\" : 3", "\"function\" : \"RELU6\"");
    }

    @Test
    void anUnknownOpIsRejected() {
        String json = """
                {"input": {"dims": [1]}, "output": "x", "loss": "SOFTMAX_CROSS_ENTROPY",
                 "nodes": [{"id": "x", "inputs": ["input"], "op": {"op": "java.lang.Runtime"}}]}
                """;

        assertThatThrownBy(() -> SpecJson.read(json)).isInstanceOf(IOException.class);
    }
}
