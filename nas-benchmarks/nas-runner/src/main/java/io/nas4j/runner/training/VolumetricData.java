package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.DataFolders;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.volumetric.MedMnist3d;
import io.nas4j.tasks.volumetric.MricronAtlas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The volumetric data sets a search can train on, by name: {@code mricron-atlas}, 3D patches of a real T1
 * MRI labelled by the AAL atlas ({@link MricronAtlas}), and {@code medmnist3d}, a MedMNIST 3D {@code .npz}
 * file ({@link MedMnist3d}). Both give one-channel volumes; their class counts come from the data.
 */
public final class VolumetricData {

    /** The task family of these data sets. */
    public static final String TASK = "volumetric";
    public static final String ATLAS = MricronAtlas.NAME;
    public static final String MEDMNIST = "medmnist3d";
    public static final List<String> NAMES = List.of(ATLAS, MEDMNIST);

    private VolumetricData() {
    }

    /**
     * The task of data set {@code name} from {@code directory}: for {@code mricron-atlas} the shared data
     * root (holding {@code volumetric/mricron}), the mricron folder itself, or, when none is given, Debian's
     * {@code /usr/share/mricron}; for {@code medmnist3d} the {@code .npz} file or a folder holding exactly one.
     *
     * @throws UserInputException in one sentence naming the data set and the folder or file when they cannot be used
     */
    public static ClassificationTask load(String name, String directory, long seed) {
        try {
            return switch (name) {
                case ATLAS -> MricronAtlas.task(atlasFolder(directory), seed);
                case MEDMNIST -> MedMnist3d.task(medMnistFile(directory), seed);
                default -> throw unknown(name);
            };
        } catch (NoSuchFileException e) {
            throw UserInputException.of("dataset", "{dataset} {}: the file {} is missing", name, e.getFile()).causedBy(e);
        } catch (IOException e) {
            throw UserInputException.of("dataset", "{dataset} {}: {}", name, e.getMessage()).causedBy(e);
        }
    }

    /**
     * Checks that the files of data set {@code name} are where {@code directory} says, without reading them,
     * so that a search fails before it starts.
     *
     * @throws UserInputException in one sentence naming the data set and the folder or file
     */
    public static void requireFiles(String name, String directory) {
        switch (name) {
            case ATLAS -> atlasFolder(directory);
            case MEDMNIST -> medMnistFile(directory);
            default -> throw unknown(name);
        }
    }

    private static UserInputException unknown(String name) {
        return UserInputException.of("dataset", "{dataset} {} is unknown for {task} {}; allowed: {}", name, TASK,
                String.join(", ", NAMES));
    }

    private static Path atlasFolder(String directory) {
        if (directory == null) {
            if (Files.isDirectory(MricronAtlas.DEBIAN_DIRECTORY)) {
                return MricronAtlas.DEBIAN_DIRECTORY;
            }
            throw UserInputException.of("dataDir", "{dataDir} is required for {dataset} {}: the shared data folder "
                    + "holding volumetric/mricron, or the folder holding {} (or install Debian's mricron-data, which puts "
                    + "it in {})", ATLAS, MricronAtlas.BRAIN_FILE, MricronAtlas.DEBIAN_DIRECTORY);
        }
        Path given = DataFolders.local(directory);
        if (!Files.isDirectory(given)) {
            throw UserInputException.of("dataDir", "{dataDir} {} does not exist or is not a folder (dataset {})", given,
                    ATLAS);
        }
        Optional<Path> found = MricronAtlas.locate(given);
        Path folder = found.orElseThrow(() -> UserInputException.of("dataDir", "{dataDir} {} holds no {} (looked in it,"
                + " in volumetric/mricron and in mricron under it) for {dataset} {}; Debian's mricron-data installs the"
                + " files in {}", given, MricronAtlas.BRAIN_FILE, ATLAS, MricronAtlas.DEBIAN_DIRECTORY));
        for (String file : List.of(MricronAtlas.ATLAS_FILE, MricronAtlas.REGIONS_FILE)) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw UserInputException.of("dataDir", "{dataDir} {}: {} has {} but not {} (dataset {} needs {}, {} and {})",
                        given, folder, MricronAtlas.BRAIN_FILE, file, ATLAS, MricronAtlas.BRAIN_FILE, MricronAtlas.ATLAS_FILE,
                        MricronAtlas.REGIONS_FILE);
            }
        }
        return folder;
    }

    private static Path medMnistFile(String directory) {
        if (directory == null) {
            throw UserInputException.of("dataDir", "{dataDir} is required for {dataset} {}: a MedMNIST 3D .npz file such as"
                    + " organmnist3d.npz, or the folder holding it", MEDMNIST);
        }
        Path given = DataFolders.local(directory);
        if (Files.isRegularFile(given)) {
            return given;
        }
        if (!Files.isDirectory(given)) {
            throw UserInputException.of("dataDir", "{dataDir} {} does not exist (dataset {}: a .npz file or the folder"
                    + " holding it)", given, MEDMNIST);
        }
        List<Path> archives;
        try (Stream<Path> files = Files.list(given)) {
            archives = files.filter(file -> file.getFileName().toString().endsWith(".npz")).sorted().toList();
        } catch (IOException e) {
            throw UserInputException.of("dataDir", "{dataDir} {} cannot be listed: {}", given, e.getMessage()).causedBy(e);
        }
        if (archives.size() != 1) {
            throw UserInputException.of("dataDir", "{dataDir} {} holds {}; for {dataset} {} give the .npz file itself",
                    given, archives.isEmpty() ? "no .npz file" : archives.size() + " .npz files "
                    + archives.stream().map(file -> file.getFileName().toString()).toList(), MEDMNIST);
        }
        return archives.get(0);
    }
}
