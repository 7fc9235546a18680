package io.nas4j.core.space;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.DetectorHead;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The networks a space decodes do not change by accident: 200 genomes drawn with a fixed seed, written as
 * their text form and their {@code NetworkSpec} (node ids, ops with every parameter, inputs, output, loss),
 * hash to the value recorded when the decoders were last changed on purpose. A refactoring of a decoder
 * keeps the hash; a change of the networks it builds updates it, and says so in its commit.
 */
class DecodedNetworkFingerprintTest {

    private static final int GENOMES = 200;

    @Test
    void chainNetworksOnImagesAreUnchanged() {
        ClassificationHead cifar = new ClassificationHead(Shape.of(3, 32, 32), 10);
        assertThat(fingerprint(new ChainSpace(), cifar, 1))
                .isEqualTo("f873859a5ea74872d9d72761eaddeeb790ea33d8214ad9e7238cc87ba3ce43ae");
    }

    @Test
    void chainNetworksOnVolumesAreUnchanged() {
        ClassificationHead volumes = new ClassificationHead(Shape.of(1, 28, 28, 28), 11);
        assertThat(fingerprint(ChainSpace.forInput(volumes.input()), volumes, 2))
                .isEqualTo("e4d48c8effb64083b2da7b5e44e724dac99b6874c663acd8703b57f86cc46189");
    }

    @Test
    void volumetricNetworksAreUnchanged() {
        ClassificationHead volumes = new ClassificationHead(Shape.of(1, 28, 28, 28), 11);
        assertThat(fingerprint(new VolumetricSpace(), volumes, 3))
                .isEqualTo("150dd0065708368ccaf57064ddf4f625fda4a62e15698a2c3c452c8eeca82fa2");
    }

    @Test
    void detectorNetworksAreUnchanged() {
        Shape image = Shape.of(3, 64, 64);
        assertThat(fingerprint(DetectorSpace.forInput(image), DetectorHead.of(image, 3), 4))
                .isEqualTo("f616973435d870da2afded9c9f26c461406d3431d0b3608c87f292fbe1be9437");
    }

    @Test
    void detectorBackbonesUnderAClassificationHeadAreUnchanged() {
        Shape image = Shape.of(3, 32, 32);
        assertThat(fingerprint(DetectorSpace.forInput(image), new ClassificationHead(image, 10), 5))
                .isEqualTo("56a9ffcda8e14a775e93b673d3b18f24712f53618b0c33960f54e92235a01d7f");
    }

    @Test
    void macroNetworksAreUnchanged() {
        ClassificationHead cifar = new ClassificationHead(Shape.of(3, 32, 32), 10);
        assertThat(fingerprint(new MacroSpace(), cifar, 6))
                .isEqualTo("dedfbf531d954ad95fbc9d87ecbd4e4840ffb945e30bdbb49ac58fb4dae8e638");
    }

    private static <G extends Genome> String fingerprint(SearchSpace<G> space, TaskHead head, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest digest = sha256();
        for (int draw = 0; draw < GENOMES; draw++) {
            G genome = space.sample(random);
            String text = space.format(genome) + "\n" + space.decode(genome, head) + "\n";
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
