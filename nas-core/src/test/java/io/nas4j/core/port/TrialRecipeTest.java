package io.nas4j.core.port;

import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrialRecipeTest {

    /** Accuracy is the digit sum of a macro key plus the configuration read as a number. */
    public static final class SumFactory implements TrialRecipe.Factory {
        @Override
        public TrialRecipe.Evaluation<?> create(String configuration) {
            MacroSpace space = new MacroSpace();
            double offset = Double.parseDouble(configuration);
            return new TrialRecipe.Evaluation<>(space, trial -> TrialResult.complete(Map.of("accuracy",
                    offset + trial.genome().choices().stream().mapToInt(Integer::intValue).sum(),
                    "incumbent", trial.incumbent().map(Incumbent::value).orElse(-1.0)), trial.fidelity().resource()));
        }
    }

    public static final class NullFactory implements TrialRecipe.Factory {
        @Override
        public TrialRecipe.Evaluation<?> create(String configuration) {
            return "no estimate".equals(configuration)
                    ? new TrialRecipe.Evaluation<>(new MacroSpace(), trial -> null) : null;
        }
    }

    public static final class PrivateFactory implements TrialRecipe.Factory {
        private PrivateFactory() {
        }

        @Override
        public TrialRecipe.Evaluation<?> create(String configuration) {
            return null;
        }
    }

    @Test
    void aRecipeBuildsItsFactorysEvaluationWhichEvaluatesAGenomesTextForm() throws Exception {
        TrialRecipe.Evaluation<?> evaluation = TrialRecipe.of(SumFactory.class, "0.5").build();

        TrialResult result = evaluation.evaluate(7, "22212220", Fidelity.of(3), 1,
                Optional.of(new Incumbent("accuracy", 0.75, 2)));

        assertThat(evaluation.space()).isInstanceOf(MacroSpace.class);
        assertThat(result.metrics()).containsEntry("accuracy", 13.5).containsEntry("incumbent", 0.75);
        assertThat(result.cost()).isEqualTo(3.0);
    }

    @Test
    void whatTheFactoryThrowsPassesThroughUnchanged() {
        assertThatThrownBy(() -> TrialRecipe.of(SumFactory.class, "not a number").build())
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void anEstimatorThatReturnsNothingFailsItsTrial() throws Exception {
        TrialResult result = TrialRecipe.of(NullFactory.class, "no estimate").build()
                .evaluate(1, "00000000", Fidelity.FULL, 1, Optional.empty());

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).isEqualTo("the estimator returned no result");
    }

    @Test
    void aFactoryThatCannotBeUsedIsNamedWithTheReason() {
        assertThatThrownBy(() -> new TrialRecipe("io.nas4j.NoSuchFactory", "").build())
                .isInstanceOf(TrialRecipe.UnusableFactoryException.class)
                .hasMessage("no trial recipe factory class io.nas4j.NoSuchFactory on the class path");
        assertThatThrownBy(() -> new TrialRecipe(String.class.getName(), "").build())
                .isInstanceOf(TrialRecipe.UnusableFactoryException.class)
                .hasMessage("java.lang.String does not implement io.nas4j.core.port.TrialRecipe.Factory");
        assertThatThrownBy(() -> new TrialRecipe(TrialRecipe.Factory.class.getName(), "").build())
                .isInstanceOf(TrialRecipe.UnusableFactoryException.class)
                .hasMessage(TrialRecipe.Factory.class.getName() + " is abstract");
        assertThatThrownBy(() -> TrialRecipe.of(PrivateFactory.class, "").build())
                .isInstanceOf(TrialRecipe.UnusableFactoryException.class)
                .hasMessage(PrivateFactory.class.getName() + " has no public no-argument constructor");
        assertThatThrownBy(() -> TrialRecipe.of(NullFactory.class, "").build())
                .isInstanceOf(TrialRecipe.UnusableFactoryException.class)
                .hasMessage(NullFactory.class.getName() + " returned no evaluation");
    }

    @Test
    void aRecipeNeedsAFactoryClassName() {
        assertThatThrownBy(() -> new TrialRecipe(" ", "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a trial recipe needs a factory class name");
        assertThatThrownBy(() -> new TrialRecipe("x.Factory", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRecipeSurvivesJavaSerialisationAndItsTextHidesTheConfiguration() throws Exception {
        TrialRecipe recipe = TrialRecipe.of(SumFactory.class, "{\"store\": \"jdbc:postgresql://db?password=secret\"}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(recipe);
        }

        Object read;
        try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = input.readObject();
        }

        assertThat(read).isEqualTo(recipe);
        assertThat(recipe.toString()).doesNotContain("secret").contains(SumFactory.class.getName());
    }
}
