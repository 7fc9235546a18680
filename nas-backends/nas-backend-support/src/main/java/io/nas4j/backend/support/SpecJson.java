package io.nas4j.backend.support;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON form of a {@link NetworkSpec}, which every backend saves beside a model's parameters, so that
 * either backend reads the other's description. Records serialise as they are; {@link Op}, a sealed
 * interface the core keeps free of Jackson, gets its type names from a mix-in here: each op is an object
 * with {@code "op": NAME} and its record fields. Only the ops listed can be read back (no default typing).
 *
 * <p>Stateless and safe to use from several threads; reading a file that is not such a description, or
 * that names an op not listed, throws {@link IOException}.
 */
public final class SpecJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .addMixIn(Op.class, OpMixin.class)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SpecJson() {
    }

    /** The description as indented JSON text. */
    public static String write(NetworkSpec spec) throws IOException {
        return MAPPER.writeValueAsString(spec);
    }

    /** The network that JSON text from {@link #write(NetworkSpec)} describes. */
    public static NetworkSpec read(String json) throws IOException {
        return MAPPER.readValue(json, NetworkSpec.class);
    }

    /** Writes the description to {@code file}, replacing what is there. */
    public static void write(NetworkSpec spec, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), spec);
    }

    /** The network the description in {@code file} describes. */
    public static NetworkSpec read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), NetworkSpec.class);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Op.Conv.class, name = "conv"),
            @JsonSubTypes.Type(value = Op.DepthwiseConv.class, name = "depthwise_conv"),
            @JsonSubTypes.Type(value = Op.BatchNorm.class, name = "batch_norm"),
            @JsonSubTypes.Type(value = Op.Activation.class, name = "activation"),
            @JsonSubTypes.Type(value = Op.Pool.class, name = "pool"),
            @JsonSubTypes.Type(value = Op.GlobalPool.class, name = "global_pool"),
            @JsonSubTypes.Type(value = Op.Identity.class, name = "identity"),
            @JsonSubTypes.Type(value = Op.Zero.class, name = "zero"),
            @JsonSubTypes.Type(value = Op.Add.class, name = "add"),
            @JsonSubTypes.Type(value = Op.Concat.class, name = "concat"),
            @JsonSubTypes.Type(value = Op.Flatten.class, name = "flatten"),
            @JsonSubTypes.Type(value = Op.Linear.class, name = "linear"),
            @JsonSubTypes.Type(value = Op.Dropout.class, name = "dropout"),
            @JsonSubTypes.Type(value = Op.Upsample.class, name = "upsample"),
            @JsonSubTypes.Type(value = Op.AttentionGate.class, name = "attention_gate"),
            @JsonSubTypes.Type(value = Op.MultiScaleFusion.class, name = "multi_scale_fusion"),
            @JsonSubTypes.Type(value = Op.DetectionHead.class, name = "detection_head"),
            @JsonSubTypes.Type(value = Op.DetectionOutput.class, name = "detection_output")
    })
    private interface OpMixin {
    }
}
