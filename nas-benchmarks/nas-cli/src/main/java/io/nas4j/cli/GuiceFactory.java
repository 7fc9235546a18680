package io.nas4j.cli;

import com.google.inject.Injector;
import picocli.CommandLine;

import java.util.Objects;

/**
 * Lets picocli create the project's commands through Guice, so commands receive what the composition
 * root binds; anything else picocli needs (converters, collections) comes from its default factory.
 */
final class GuiceFactory implements CommandLine.IFactory {

    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = Objects.requireNonNull(injector, "injector");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type.getPackageName().startsWith("io.nas4j.")) {
            return injector.getInstance(type);
        }
        return CommandLine.defaultFactory().create(type);
    }
}
