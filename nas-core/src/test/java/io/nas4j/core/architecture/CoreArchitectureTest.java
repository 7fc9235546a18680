package io.nas4j.core.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the core, checked on its compiled classes (DESIGN.md: the dependency rule points inward). The
 * core sees the JDK and itself, nothing else, so every adapter can depend on it and it on none of them; and
 * its packages form no cycle, so each can be read, tested and moved without dragging the others along.
 */
@AnalyzeClasses(packages = "io.nas4j.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnTheJdkAndItself = classes()
            .that().resideInAPackage("io.nas4j.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.nas4j.core..")
            .because("nas-core is JDK-only: engines, Guice, Jackson and drivers live in adapter modules");

    @ArchTest
    static final ArchRule corePackagesAreFreeOfCycles = slices()
            .matching("io.nas4j.core.(*)..")
            .should().beFreeOfCycles();
}
