package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --data-dir} as a plain path or a {@code file:} URI; other file systems are refused in one sentence. */
class DataLocationsTest {

    @Test
    void aPlainPathStaysAsGiven() {
        assertThat(DataLocations.localPath("../shared/data")).isEqualTo("../shared/data");
        assertThat(DataLocations.localPath("/data/fashion-mnist")).isEqualTo("/data/fashion-mnist");
        assertThat(DataLocations.localPath(null)).isNull();
    }

    @Test
    void aFileUriBecomesThePathItNames() {
        assertThat(DataLocations.localPath("file:///data/fashion%20mnist")).isEqualTo("/data/fashion mnist");
        assertThat(DataLocations.localPath("file:/data/mnist")).isEqualTo("/data/mnist");
        assertThat(DataLocations.localPath("file://localhost/data/mnist")).isEqualTo("/data/mnist");
    }

    @Test
    void anotherFileSystemIsRefusedNamingTheFlagAndWhatToDo() {
        assertThatThrownBy(() -> DataLocations.localPath("hdfs://namenode:8020/data/mnist"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("--data-dir hdfs://namenode:8020/data/mnist: the scheme hdfs is not read")
                .hasMessageContaining("file: URI");
        assertThatThrownBy(() -> DataLocations.localPath("s3a://bucket/mnist")).isInstanceOf(UserInputException.class);
    }
}
