package io.nas4j.cli;

import com.google.inject.Inject;
import io.nas4j.benchmarks.suite.Suite;
import io.nas4j.benchmarks.tabular.TabularBackend;
import io.nas4j.runner.oneshot.OneShotSearch;
import io.nas4j.runner.training.ClassificationData;
import io.nas4j.runner.training.DetectionData;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.HandDesignedBaseline;
import io.nas4j.runner.training.VolumetricData;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.runner.space.SpaceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code nas list}: what is installed: spaces, strategies, suites, backends and tasks; with {@code --space-file},
 * the space that file defines: its kind, its exact size, its decisions and a sample architecture.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the installed spaces, strategies, suites, backends and tasks, or describe a space file.")
final class ListCommand implements Callable<Integer> {

    /** The seed of the sample architecture, fixed so that listing a file twice shows the same one. */
    private static final long SAMPLE_SEED = 0;

    @Option(names = "--space-file", paramLabel = "FILE",
            description = "describe the space this YAML file defines: its size (exact), decisions and a sample architecture")
    private Path spaceFile;

    private final Strategies strategies;
    private final Map<String, SearchSpace<?>> spaces;
    private final Map<String, Suite> suites;
    private final TabularBackend tabular;
    private final Map<String, TrainingBackend> trainingBackends;

    @Spec
    private CommandSpec spec;

    @Inject
    ListCommand(Strategies strategies, Map<String, SearchSpace<?>> spaces, Map<String, Suite> suites,
                TabularBackend tabular, Map<String, TrainingBackend> trainingBackends) {
        this.trainingBackends = trainingBackends;
        this.strategies = strategies;
        this.spaces = spaces;
        this.suites = suites;
        this.tabular = tabular;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (spaceFile != null) {
            return describe(SpaceFile.read(spaceFile), out);
        }
        out.println("spaces:");
        for (SearchSpace<?> space : new TreeMap<>(spaces).values()) {
            row(out, space.name(), String.format(Locale.ROOT, "%,d architectures, %d decisions", space.size(),
                    space.decisions().size()));
        }
        out.println("strategies:");
        for (StrategyProvider provider : strategies.all()) {
            String settings = provider.settings().isEmpty() ? "" : " (settings: "
                    + String.join(", ", new TreeSet<>(provider.settings())) + ")";
            row(out, provider.name(), (provider.multiObjective() ? "[multi-objective] " : "")
                    + provider.description() + settings);
        }
        row(out, "darts", "[one-shot, classification] first-order DARTS on a cell (nb201) or chain supernet, then"
                + " retraining (settings: " + String.join(", ", new TreeSet<>(OneShotSearch.SETTINGS)) + ")");
        row(out, "spos", "[one-shot, classification] single-path supernet, inherited-weight evolution, subnets per"
                + " limit (same settings)");
        row(out, "enas", "[one-shot, classification] ENAS: an LSTM controller samples supernet paths, shared weights"
                + " and controller train in turn, the best sampled path is retrained (same settings)");
        out.println("suites:");
        for (Suite suite : new TreeMap<>(suites).values()) {
            row(out, suite.name(), suite.description() + " (datasets: " + String.join(", ", suite.datasets()) + ")");
        }
        out.println("backends:");
        for (String name : new TreeSet<>(trainingBackends.keySet())) {
            row(out, name, "trains candidates (" + trainingBackends.get(name).getClass().getSimpleName() + ")");
        }
        row(out, tabular.name(), tabular.description());
        out.println("tasks:");
        row(out, TrainingDefaults.TASK, "image classification on " + String.join(", ", ClassificationData.NAMES)
                + " (digits embedded; --baseline " + baselines(TrainingDefaults.TASK, TrainingDefaults.DATASET) + ")");
        row(out, DetectionSearch.TASK, "object detection, mAP@0.5, on " + String.join(", ", DetectionData.NAMES)
                + " (digit-canvases embedded; space " + String.join(" or ", DetectionSearch.SPACES) + "; --baseline "
                + baselines(DetectionSearch.TASK, null) + ")");
        row(out, VolumetricData.TASK, "3D classification on " + String.join(", ", VolumetricData.NAMES)
                + " (MRI atlas patches, MedMNIST 3D .npz; --baseline " + baselines(VolumetricData.TASK, null)
                + ", the hand-designed 3D CNN by default)");
        out.flush();
        return NasCommand.OK;
    }

    /** The hand-designed baselines a task offers, {@code none} first. */
    private static String baselines(String task, String dataset) {
        return String.join("|", HandDesignedBaseline.names(task, dataset));
    }

    private static int describe(SpaceFile file, PrintWriter out) {
        SearchSpace<?> space = file.space();
        out.println("space file " + file.file() + ": a " + file.kind() + " space");
        out.println(String.format(Locale.ROOT, "  size: %,d architectures", space.size()));
        out.println("  decisions: " + space.decisions().size());
        out.println("  sample: " + sample(space));
        out.flush();
        return NasCommand.OK;
    }

    private static <G extends Genome> String sample(SearchSpace<G> space) {
        return space.format(space.sample(new SplittableRandom(SAMPLE_SEED)));
    }

    private static void row(PrintWriter out, String name, String description) {
        out.printf(Locale.ROOT, "  %-24s %s%n", name, description);
    }
}
