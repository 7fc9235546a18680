package io.nas4j.core.port;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.Optional;

/**
 * How a remote executor evaluates trials: the name of a {@link Factory} class and the configuration text it
 * reads. An estimator holds data sets and native engines and cannot leave its JVM; a recipe is two strings,
 * so it travels where the trials run (to a worker process, to a Spark executor) and is {@linkplain #build
 * built} there into an {@link Evaluation}, the space that reads the genomes' text form and the estimator
 * that runs them. The recipe must describe the same evaluation as the search's own estimator, which a
 * remote executor does not use (see {@link TrialExecutor}).
 *
 * <p>What travels: the factory's class name and the configuration; per trial, the genome's text form
 * ({@link SearchSpace#format}), its fidelity and attempt. What runs where: the search's JVM only formats
 * genomes and waits; the remote JVM loads the factory, builds the evaluation, parses each genome with the
 * evaluation's space and runs its estimator.
 *
 * <p>Threading: a remote executor builds a recipe once per JVM and keeps the evaluation for every trial of
 * that recipe (the process pool once per worker process, Spark once per executor JVM and recipe), so data
 * sets and engines load once rather than once per trial. The pool's workers run one trial at a time; a
 * Spark executor with several task slots may call one evaluation's estimator from several threads at once.
 *
 * <p>What is thrown: {@link #build} throws {@link UnusableFactoryException}, naming the class, when the
 * factory cannot be loaded, is not a {@link Factory}, cannot be instantiated or returns nothing; whatever
 * {@link Factory#create} throws passes through unchanged, so its own message reaches the trials.
 *
 * @param factoryClass  the binary name of a {@link Factory} on the remote class path; not blank
 * @param configuration the text handed to the factory, for example the JSON of a search configuration; its
 *                      meaning is the factory's own; may be empty, not null
 */
public record TrialRecipe(String factoryClass, String configuration) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public TrialRecipe {
        Objects.requireNonNull(factoryClass, "factoryClass");
        Objects.requireNonNull(configuration, "configuration");
        if (factoryClass.isBlank()) {
            throw new IllegalArgumentException("a trial recipe needs a factory class name");
        }
    }

    /** The recipe of {@code factory} with {@code configuration}. */
    public static TrialRecipe of(Class<? extends Factory> factory, String configuration) {
        return new TrialRecipe(factory.getName(), configuration);
    }

    /**
     * Builds this recipe's evaluation in this JVM: loads the factory class through the thread's context
     * class loader (then this class's), instantiates it with its public no-argument constructor and calls
     * {@link Factory#create} with the configuration. Each call builds anew; callers keep the result.
     *
     * @throws UnusableFactoryException naming the class when it is missing, does not load, is not a
     *                                  {@link Factory}, cannot be instantiated or returns no evaluation
     * @throws Exception                what the factory's {@link Factory#create} throws, unchanged
     */
    public Evaluation<?> build() throws Exception {
        Evaluation<?> evaluation = factory().create(configuration);
        if (evaluation == null) {
            throw new UnusableFactoryException(factoryClass + " returned no evaluation");
        }
        return evaluation;
    }

    private Factory factory() throws UnusableFactoryException {
        Class<?> type = load();
        if (!Factory.class.isAssignableFrom(type)) {
            throw new UnusableFactoryException(factoryClass + " does not implement "
                    + Factory.class.getCanonicalName());
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new UnusableFactoryException(factoryClass + " is abstract");
        }
        try {
            return (Factory) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new UnusableFactoryException(factoryClass + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new UnusableFactoryException("the constructor of " + factoryClass + " threw "
                    + describe(e.getCause()), e.getCause());
        } catch (InstantiationException e) {
            throw new UnusableFactoryException(factoryClass + " is abstract", e);
        }
    }

    private Class<?> load() throws UnusableFactoryException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            if (context != null) {
                try {
                    return Class.forName(factoryClass, true, context);
                } catch (ClassNotFoundException e) {
                    // not there: try this class's loader, which holds the class path the core came from
                }
            }
            return Class.forName(factoryClass, true, TrialRecipe.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UnusableFactoryException("no trial recipe factory class " + factoryClass
                    + " on the class path", e);
        } catch (LinkageError e) {
            throw new UnusableFactoryException("the trial recipe factory class " + factoryClass + " does not load: "
                    + describe(e), e);
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The factory class and the configuration's length: the configuration may hold credentials. */
    @Override
    public String toString() {
        return "TrialRecipe[" + factoryClass + ", " + configuration.length() + " characters of configuration]";
    }

    /**
     * Builds, in the JVM where trials run, the evaluation a {@link TrialRecipe} names: it rebuilds there what
     * the search built in its own JVM.
     *
     * <p>Contract: a public no-argument constructor, and on the class path of the JVMs that run trials (for
     * the process pool, by default the class path of the JVM that starts it; for Spark, the executors'
     * class path). {@link #create} runs once per JVM and recipe, before that JVM's first trial of it.
     */
    public interface Factory {

        /**
         * The evaluation this JVM runs the recipe's trials with.
         *
         * @param configuration the recipe's configuration, as given
         * @throws Exception when the evaluation cannot be built (no data, an unknown engine); its class name
         *                   and message become the reason the waiting trials report
         */
        Evaluation<?> create(String configuration) throws Exception;
    }

    /**
     * What a recipe builds: the space that reads the genomes' text form and the estimator that runs them.
     *
     * @param space     reads the genomes the search sends; it must agree with the search's space on the text form
     * @param estimator evaluates the trials
     * @param <G>       the genome type
     */
    public record Evaluation<G extends Genome>(SearchSpace<G> space, PerformanceEstimator<G> estimator) {

        public Evaluation {
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(estimator, "estimator");
        }

        /**
         * Reads {@code genome} with the space and runs the estimator on it. What either throws passes through
         * for the executor to report; an estimator that returns nothing gives a FAILED result.
         */
        public TrialResult evaluate(long id, String genome, Fidelity fidelity, int attempt,
                                    Optional<Incumbent> incumbent) throws Exception {
            G parsed = space.parse(genome);
            TrialResult result = estimator.estimate(new Trial<>(id, parsed, fidelity, attempt, incumbent));
            return result == null ? TrialResult.failed("the estimator returned no result") : result;
        }
    }

    /** The recipe's factory class cannot be used in this JVM; the message names the class and why. */
    public static final class UnusableFactoryException extends Exception {

        @Serial
        private static final long serialVersionUID = 1L;

        public UnusableFactoryException(String message) {
            super(message);
        }

        public UnusableFactoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
