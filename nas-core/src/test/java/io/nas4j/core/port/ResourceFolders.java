package io.nas4j.core.port;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data folder provider for tests: {@code testfs://host/NAME} is copied into a new temporary folder holding
 * one file, {@code NAME.txt}, with the host as its content; {@code testfs://broken/...} fails to copy.
 */
public final class ResourceFolders implements DataFolderProvider {

    @Override
    public boolean reads(URI location) {
        return "testfs".equals(location.getScheme());
    }

    @Override
    public Path localCopy(URI location) throws IOException {
        if ("broken".equals(location.getHost())) {
            throw new IOException("the name node refused the connection");
        }
        Path copy = Files.createTempDirectory("nas4j-testfs");
        Files.writeString(copy.resolve(location.getPath().substring(1) + ".txt"), location.getHost());
        return copy;
    }
}
