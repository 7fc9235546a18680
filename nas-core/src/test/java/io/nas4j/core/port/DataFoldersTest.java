package io.nas4j.core.port;

import io.nas4j.core.UserInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataFoldersTest {

    @Test
    void aPathOrAFileUriIsTheLocalFolderItNames() {
        assertThat(DataFolders.local("data/mnist")).isEqualTo(Path.of("data/mnist"));
        assertThat(DataFolders.local("file:///data/fashion%20mnist")).isEqualTo(Path.of("/data/fashion mnist"));
        assertThat(DataFolders.local("file://localhost/data/mnist")).isEqualTo(Path.of("/data/mnist"));
        assertThat(DataFolders.local(null)).isNull();
        assertThat(DataFolders.remote("C:\\data")).as("a drive letter is a path").isFalse();
        assertThat(DataFolders.remote("file:/data")).isFalse();
        assertThat(DataFolders.remote("hdfs://namenode/data")).isTrue();
    }

    @Test
    void anotherFileSystemIsCopiedByTheProviderThatReadsIt() {
        Path copy = DataFolders.local("testfs://payload/labels");

        assertThat(copy.resolve("labels.txt")).hasContent("payload");
    }

    @Test
    void aFailedCopyOrAnUnreadSchemeOrABadUriIsOneSentenceNamingTheField() {
        assertThatThrownBy(() -> DataFolders.local("testfs://broken/x")).isInstanceOf(UserInputException.class)
                .hasMessage("dataDir testfs://broken/x could not be read: the name node refused the connection");
        assertThatThrownBy(() -> DataFolders.local("gopher://host/data")).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("dataDir gopher://host/data: nothing here reads gopher URIs;");
        assertThatThrownBy(() -> DataFolders.local("hdfs://name node/data")).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("dataDir hdfs://name node/data is not a valid URI: ");
    }
}
