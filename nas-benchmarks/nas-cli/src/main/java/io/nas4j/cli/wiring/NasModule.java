package io.nas4j.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.nas4j.benchmarks.suite.MacroMultiObjectiveSuite;
import io.nas4j.benchmarks.suite.MacroSuite;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.benchmarks.suite.Nb201MultiObjectiveSuite;
import io.nas4j.benchmarks.suite.Nb201Suite;
import io.nas4j.benchmarks.suite.Nb201TransferSuite;
import io.nas4j.benchmarks.suite.Suite;
import io.nas4j.benchmarks.suite.SuiteRunner;
import io.nas4j.benchmarks.tabular.TabularBackend;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.space.VolumetricSpace;

import java.util.List;

/**
 * The composition root of the command line and the benchmark harness. It binds:
 * <ul>
 *   <li>{@link Strategies}: every strategy on the class path, found through {@link java.util.ServiceLoader};</li>
 *   <li>{@code Map<String, SearchSpace<?>>}: spaces by {@link SearchSpace#name()} (a {@link MapBinder}
 *       other modules add to with {@link #spaces});</li>
 *   <li>{@code Map<String, Suite>}: benchmark suites by name (a {@link MapBinder}, see {@link #suites});</li>
 *   <li>the {@link TabularBackend} and the {@link SuiteRunner};</li>
 *   <li>{@code Map<String, TrainingBackend>}, {@code Map<String, ProxyScorer>} and
 *       {@code Map<String, SupernetBackend>}: the parts of every engine on the class path ({@link Engines}).</li>
 * </ul>
 */
public final class NasModule extends AbstractModule {

    /** The space registry, for modules that contribute spaces. */
    public static MapBinder<String, SearchSpace<?>> spaces(Binder binder) {
        return MapBinder.newMapBinder(binder, new TypeLiteral<String>() { }, new TypeLiteral<SearchSpace<?>>() { });
    }

    /** The suite registry, for modules that contribute suites. */
    public static MapBinder<String, Suite> suites(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, Suite.class);
    }

    @Override
    protected void configure() {
        MapBinder<String, SearchSpace<?>> spaces = spaces(binder());
        for (SearchSpace<?> space : List.of(new CellSpace(), new MacroSpace(), new ChainSpace(ChainSpace.Options.defaults()),
                new VolumetricSpace())) {
            spaces.addBinding(space.name()).toInstance(space);
        }
        MapBinder<String, Suite> suites = suites(binder());
        suites.addBinding(Nb201Suite.NAME).to(Nb201Suite.class).in(Singleton.class);
        suites.addBinding(Nb201TransferSuite.NAME).to(Nb201TransferSuite.class).in(Singleton.class);
        suites.addBinding(MacroSuite.NAME).to(MacroSuite.class).in(Singleton.class);
        suites.addBinding(MacroMultiObjectiveSuite.NAME).to(MacroMultiObjectiveSuite.class).in(Singleton.class);
        suites.addBinding(Nb201MultiObjectiveSuite.NAME).to(Nb201MultiObjectiveSuite.class).in(Singleton.class);
        bind(TabularBackend.class).in(Singleton.class);
        // the engines installed on the class path, found as a host finds them (ServiceLoader)
        Engines engines = Engines.installed();
        MapBinder<String, TrainingBackend> training = MapBinder.newMapBinder(binder(), String.class, TrainingBackend.class);
        engines.trainingBackends().forEach((name, backend) -> training.addBinding(name).toInstance(backend));
        MapBinder<String, SupernetBackend> supernets = MapBinder.newMapBinder(binder(), String.class, SupernetBackend.class);
        engines.supernetBackends().forEach((name, backend) -> supernets.addBinding(name).toInstance(backend));
        MapBinder<String, ProxyScorer> proxies = MapBinder.newMapBinder(binder(), String.class, ProxyScorer.class);
        engines.proxyScorers().forEach((name, scorer) -> proxies.addBinding(name).toInstance(scorer));
    }

    @Provides
    @Singleton
    Strategies strategies() {
        return Strategies.installed();
    }

    @Provides
    @Singleton
    SuiteRunner suiteRunner(Strategies strategies) {
        return new SuiteRunner(strategies);
    }
}
