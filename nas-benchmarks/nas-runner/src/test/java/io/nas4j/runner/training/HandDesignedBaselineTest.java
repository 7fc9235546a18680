package io.nas4j.runner.training;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.core.UserInputException;
import io.nas4j.core.search.Strategies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HandDesignedBaselineTest {

    private static final TrainingSearch SEARCH = new TrainingSearch(Map.of("djl", new DjlBackend()),
            Strategies.installed());

    @Test
    void eachTaskHasItsBaselinesAndOnlyTheVolumetricOneTrainsByDefault() {
        assertThat(HandDesignedBaseline.names("classification", "fashion-mnist"))
                .containsExactly("none", "lenet", "resnet8", "resnet20");
        assertThat(HandDesignedBaseline.names("detection", "digit-canvases")).containsExactly("none", "single-stage");
        assertThat(HandDesignedBaseline.names("volumetric", "mricron-atlas")).containsExactly("none", "cnn3d");
        assertThat(TrainingSearchSpec.builder().build().baseline()).isEqualTo("none");
        assertThat(TrainingSearchSpec.builder().task("detection").build().baseline()).isEqualTo("none");
        assertThat(TrainingSearchSpec.builder().baseline("resnet20").build().baseline()).isEqualTo("resnet20");
        assertThat(HandDesignedBaseline.defaultFor("volumetric", "medmnist3d")).isEqualTo("cnn3d");
    }

    @Test
    void aBaselineOfAnotherTaskIsRefusedNamingTheField() {
        UserInputException e = catchThrowableOfType(UserInputException.class,
                () -> TrainingSearchSpec.builder().baseline("cnn3d").build());

        assertThat(e.field()).contains("baseline");
        assertThat(e.message(field -> field)).isEqualTo("baseline cnn3d is unknown for a classification search;"
                + " allowed: none, lenet, resnet8, resnet20");
    }

    @Test
    void trainsTheBaselineForTheEpochsThatFitItsBudgetAndTestsIt() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().seed(2).baseline("lenet").workers(0).build();

        List<int[]> heard = new ArrayList<>();

        HandDesignedBaseline.Result result = HandDesignedBaseline.train(SEARCH, spec, Duration.ofSeconds(3),
                (epoch, epochs, trainLoss) -> heard.add(new int[] {epoch, epochs}));

        assertThat(heard).as("one report per epoch trained, in order").hasSize(result.epochs());
        for (int i = 0; i < heard.size(); i++) {
            assertThat(heard.get(i)[0]).isEqualTo(i + 1);
            assertThat(heard.get(i)[1]).as("the epochs planned so far").isGreaterThanOrEqualTo(i + 1);
        }
        assertThat(result.name()).isEqualTo("lenet");
        assertThat(result.network()).startsWith("LeNet-style");
        assertThat(result.parameters()).isEqualTo(120_458);
        assertThat(result.budgetSeconds()).isEqualTo(3.0);
        assertThat(result.epochs()).isBetween(1, HandDesignedBaseline.MAX_EPOCHS);
        // the 359 test digits; chance is 0.1 and LeNet learns digits within an epoch
        assertThat(result.test().confusion()).hasDimensions(10, 10);
        assertThat(result.test().accuracy()).isGreaterThan(0.5);
    }

    @Test
    void aSpecWithoutABaselineHasNothingToTrain() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().build();

        assertThat(HandDesignedBaseline.appliesTo(spec)).isFalse();
        assertThatThrownBy(() -> HandDesignedBaseline.train(SEARCH, spec, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
