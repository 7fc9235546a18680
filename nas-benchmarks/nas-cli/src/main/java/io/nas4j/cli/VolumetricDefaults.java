package io.nas4j.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.runner.training.VolumetricData;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The defaults of {@code nas search --task volumetric}, sized so that the default search on the MRI atlas
 * patches (1,800 training, 600 validation and 600 test patches of 12³) finishes in about ten minutes on two
 * busy cores: the volumetric space, up to 30 candidates (regularized evolution keeps a population of 10)
 * trained 4 epochs with batches of 32, then up to 12 epochs on all training and validation patches for the
 * best one, all within an 8-minute limit (the search stops asking at 60% of it and the final training gets
 * the rest), then as many epochs for the hand-designed baseline. What the user gives (flags, a config file)
 * overrides each of them.
 */
final class VolumetricDefaults {

    static final Map<String, Object> VALUES = values();

    private static final SearchConfig DEFAULTS = JsonMapper.builder().build().convertValue(VALUES, SearchConfig.class);

    private VolumetricDefaults() {
    }

    private static Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("task", VolumetricData.TASK);
        values.put("dataset", VolumetricData.ATLAS);
        values.put("space", "volumetric");
        values.put("budget", 30);
        values.put("timeLimit", "8m");
        values.put("epochs", 4);
        values.put("finalEpochs", 12);
        values.put("batchSize", 32);
        return Map.copyOf(values);
    }

    /** {@code given} over the volumetric defaults: every field {@code given} sets wins. */
    static SearchConfig under(SearchConfig given) {
        return DEFAULTS.overriddenBy(given);
    }

    /** The task a configuration asks for: the given one, else volumetric for a volumetric data set, else null. */
    static String task(SearchConfig given) {
        if (given.task() != null) {
            return given.task();
        }
        return given.dataset() != null && VolumetricData.NAMES.contains(given.dataset()) ? VolumetricData.TASK : null;
    }
}
