package io.nas4j.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules of the library-first layout, checked on the compiled main classes of every module (the
 * command line's class path sees them all): the runner is embeddable, backends stay independent, and only
 * the command line talks to the terminal. The core's own rules (JDK only, no package cycles) are tested in
 * nas-core.
 */
class ArchitectureRulesTest {

    private static final java.util.regex.Pattern TEST_JAR = java.util.regex.Pattern.compile(".*-tests\\.jar.*");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the runner's and the tables' test jars (test helpers other modules' tests share)
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages("io.nas4j");
    }

    @Test
    void theRulesSeeTheMainClassesOfEveryModule() {
        assertThat(classes.contain("io.nas4j.runner.ArchitectureSearch")).isTrue();
        assertThat(classes.contain("io.nas4j.backend.djl.DjlBackend")).isTrue();
        assertThat(classes.contain("io.nas4j.backend.tensorflow.TensorFlowBackend")).isTrue();
        assertThat(classes.contain("io.nas4j.executor.spark.SparkTrialExecutor")).isTrue();
        assertThat(classes.contain("io.nas4j.report.DashboardServer")).isTrue();
        assertThat(classes.contain("io.nas4j.cli.NasCommand")).isTrue();
        assertThat(classes.contain("io.nas4j.runner.estimate.ZeroCostProxyBenchmarkTest")).as("tests are not checked").isFalse();
    }

    @Test
    void theRunnerNeverImportsTheCommandLinePicocliOrGuice() {
        ArchRule rule = noClasses().that().resideInAPackage("io.nas4j.runner..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nas4j.cli..", "picocli..", "com.google.inject..");
        rule.check(classes);
    }

    @Test
    void libraryModulesNeverImportTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.nas4j.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nas4j.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void noBackendImportsAnother() {
        noClasses().that().resideInAPackage("io.nas4j.backend.djl..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nas4j.backend.tensorflow..", "org.tensorflow..")
                .check(classes);
        noClasses().that().resideInAPackage("io.nas4j.backend.tensorflow..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nas4j.backend.djl..", "ai.djl..")
                .check(classes);
    }

    /**
     * The conformance kit is test code shipped as a jar (it reports its measurements), and a worker process
     * speaks its protocol on standard output, which its pool reads; neither is a terminal.
     */
    @Test
    void onlyTheCommandLinePrintsToTheTerminal() {
        noClasses().that().resideOutsideOfPackages("io.nas4j.cli..", "io.nas4j.backend.tck..")
                .and().doNotHaveFullyQualifiedName("io.nas4j.executor.process.WorkerMain")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }

    @Test
    void theRunnerAndTheTablesUseNoEngineDirectly() {
        noClasses().that().resideInAnyPackage("io.nas4j.runner..", "io.nas4j.benchmarks..", "io.nas4j.report..",
                        "io.nas4j.executor..", "io.nas4j.tasks..", "io.nas4j.strategies..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.tensorflow..", "io.nas4j.backend..")
                .check(classes);
    }
}
