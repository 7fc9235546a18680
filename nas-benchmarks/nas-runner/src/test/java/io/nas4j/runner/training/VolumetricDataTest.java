package io.nas4j.runner.training;


import io.nas4j.core.UserInputException;
import io.nas4j.runner.VolumetricTestData;
import io.nas4j.core.network.Shape;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumetricDataTest {

    @TempDir
    Path folder;

    @Test
    void theAtlasLoadsFromTheMricronFolderItself() {
        Path mricron = VolumetricTestData.sharedDirectory().resolve("volumetric").resolve("mricron");

        ClassificationTask task = VolumetricData.load("mricron-atlas", mricron.toString(), 0);

        assertThat(task.head().input()).isEqualTo(Shape.of(1, 12, 12, 12));
        assertThat(task.head().classes()).isEqualTo(6);
        assertThat(task.train().size()).isEqualTo(1_800);
    }

    @Test
    void aMricronFolderWithoutTheAtlasIsNamed() throws IOException {
        Path mricron = VolumetricTestData.sharedDirectory().resolve("volumetric").resolve("mricron");
        Path partial = Files.createDirectories(folder.resolve("partial"));
        Files.copy(mricron.resolve("ch2bet.nii.gz"), partial.resolve("ch2bet.nii.gz"));

        assertThatThrownBy(() -> VolumetricData.requireFiles("mricron-atlas", partial.toString()))
                .isInstanceOf(UserInputException.class).hasMessageContaining("has ch2bet.nii.gz but not aal.nii.gz");
    }

    @Test
    void aMedMnistFolderWithOneArchiveUsesItAndOneWithSeveralIsAnError() throws IOException {
        Path single = Files.createDirectories(folder.resolve("single"));
        VolumetricTestData.medMnistLike(single.resolve("organmnist3d.npz"), 8, 3, 1);
        Path several = Files.createDirectories(folder.resolve("several"));
        VolumetricTestData.medMnistLike(several.resolve("a.npz"), 8, 3, 1);
        VolumetricTestData.medMnistLike(several.resolve("b.npz"), 8, 3, 1);

        ClassificationTask task = VolumetricData.load("medmnist3d", single.toString(), 0);

        assertThat(task.name()).isEqualTo("organmnist3d");
        assertThat(task.head().input()).isEqualTo(Shape.of(1, 8, 8, 8));
        assertThat(task.test().size()).isEqualTo(6);
        assertThatThrownBy(() -> VolumetricData.requireFiles("medmnist3d", several.toString()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("holds 2 .npz files [a.npz, b.npz]; for dataset medmnist3d give the .npz file itself");
    }

    @Test
    void aMalformedArchiveIsAUserErrorNamingTheFile() throws IOException {
        Path text = Files.writeString(folder.resolve("broken.npz"), "not a zip");

        assertThatThrownBy(() -> VolumetricData.load("medmnist3d", text.toString(), 0))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("dataset medmnist3d: " + text + ": not a NumPy .npz archive");
    }
}
