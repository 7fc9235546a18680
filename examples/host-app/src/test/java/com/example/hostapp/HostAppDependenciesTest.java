package com.example.hostapp;

import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a host gets by depending on the runner and the DJL engine: no command line, no logging binding, no
 * engine it did not ask for. Checked on this project's own resolved class path.
 */
class HostAppDependenciesTest {

    @Test
    void theRunnerAndTheDjlEngineAreThere() {
        assertThat(present("io.nas4j.runner.ArchitectureSearch")).isTrue();
        assertThat(present("io.nas4j.backend.djl.DjlBackend")).isTrue();
        assertThat(present("org.slf4j.Logger")).as("the SLF4J API").isTrue();
    }

    @Test
    void noCommandLineNoGuiceNoOtherEngineNoSpark() {
        assertThat(present("picocli.CommandLine")).as("picocli").isFalse();
        assertThat(present("io.nas4j.cli.NasCommand")).as("the nas command line").isFalse();
        assertThat(present("com.google.inject.Guice")).as("Guice").isFalse();
        assertThat(present("org.tensorflow.TensorFlow")).as("TensorFlow").isFalse();
        assertThat(present("io.nas4j.backend.tensorflow.TensorFlowBackend")).as("the TensorFlow backend").isFalse();
        assertThat(present("org.apache.spark.SparkContext")).as("Spark").isFalse();
        assertThat(present("io.nas4j.executor.spark.SparkTrialExecutor")).as("the Spark executor").isFalse();
    }

    /** The dashboard, and the Jetty server it runs on, come only with nas-report, which the runner does not need. */
    @Test
    void noDashboardNoHttpServer() {
        assertThat(present("io.nas4j.report.DashboardServer")).as("the dashboard").isFalse();
        assertThat(present("org.eclipse.jetty.server.Server")).as("Jetty").isFalse();
    }

    @Test
    void noLoggingBinding() throws ClassNotFoundException {
        Class<?> provider = Class.forName("org.slf4j.spi.SLF4JServiceProvider");
        assertThat(ServiceLoader.load(provider).stream().map(ServiceLoader.Provider::type).toList())
                .as("SLF4J providers on the class path").isEmpty();
        assertThat(present("org.slf4j.simple.SimpleLogger")).as("slf4j-simple").isFalse();
        assertThat(present("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder")).as("slf4j-jdk-platform-logging").isFalse();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, HostAppDependenciesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
