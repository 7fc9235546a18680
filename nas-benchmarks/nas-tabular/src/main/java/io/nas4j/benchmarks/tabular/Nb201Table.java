package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.space.CellSpace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NAS-Bench-201 as two tables joined: the 12-epoch results ({@value #TWELVE_EPOCH_FILE}) and the
 * 200-epoch test accuracies ({@value #TWO_HUNDRED_EPOCH_FILE}). The two files list the same cells in the
 * same order; the join is by row and is verified cell by cell.
 *
 * <p>Immutable and safe to share between threads once loaded. Cells are looked up by
 * {@link CellSpace#format}, so every one of the space's 15,625 cells has exactly one entry.
 */
public final class Nb201Table {

    public static final String TWELVE_EPOCH_FILE = "nb201-12epoch.csv";
    public static final String TWO_HUNDRED_EPOCH_FILE = "nb201-200epoch.csv";

    private static final String CELL_COLUMN = "cellstr";
    private static final String ARCHITECTURE_COLUMN = "ArchitectureString";

    private final CellSpace space;
    private final List<Nb201Entry> entries;
    private final Map<String, Nb201Entry> byCell;

    private Nb201Table(CellSpace space, List<Nb201Entry> entries, Map<String, Nb201Entry> byCell) {
        this.space = space;
        this.entries = List.copyOf(entries);
        this.byCell = Map.copyOf(byCell);
    }

    /**
     * Reads both tables from {@code directory} (the folder holding them, or its parent; see
     * {@link DataDirectory#locate}).
     *
     * @throws UserInputException naming the file and what is wrong when a file is missing, malformed,
     *                            incomplete or out of step with the other
     */
    public static Nb201Table load(Path directory) {
        CellSpace space = new CellSpace();
        CsvTable twelve = CsvTable.read(DataDirectory.file(directory, TWELVE_EPOCH_FILE));
        CsvTable twoHundred = CsvTable.read(DataDirectory.file(directory, TWO_HUNDRED_EPOCH_FILE));
        int expected = space.size().intValueExact();
        if (twelve.size() != expected) {
            throw new UserInputException(TWELVE_EPOCH_FILE + " has " + twelve.size()
                    + " rows; NAS-Bench-201 has " + expected + " cells");
        }
        if (twoHundred.size() != twelve.size()) {
            throw new UserInputException(TWO_HUNDRED_EPOCH_FILE + " has " + twoHundred.size() + " rows where "
                    + TWELVE_EPOCH_FILE + " has " + twelve.size() + "; the two tables must list the same cells");
        }
        int cellColumn = twelve.column(CELL_COLUMN);
        int architectureColumn = twoHundred.column(ARCHITECTURE_COLUMN);
        Map<Nb201Dataset, int[]> columns = new EnumMap<>(Nb201Dataset.class);
        for (Nb201Dataset dataset : Nb201Dataset.values()) {
            columns.put(dataset, new int[] {twelve.column(dataset.validation12Column()),
                    twelve.column(dataset.test12Column()), twoHundred.column(dataset.test200Column())});
        }

        List<Nb201Entry> entries = new ArrayList<>(twelve.size());
        Map<String, Nb201Entry> byCell = new HashMap<>();
        for (int row = 0; row < twelve.size(); row++) {
            String cell = twelve.text(row, cellColumn);
            String architecture = twoHundred.text(row, architectureColumn);
            if (!cell.equals(architecture)) {
                throw new UserInputException(TWO_HUNDRED_EPOCH_FILE + " line " + twoHundred.line(row) + " holds cell "
                        + architecture + " where " + TWELVE_EPOCH_FILE + " line " + twelve.line(row) + " holds "
                        + cell + "; the two tables must list the cells in the same order");
            }
            String key = canonicalText(space, cell, twelve, row);
            Map<Nb201Dataset, Nb201Accuracy> accuracy = new EnumMap<>(Nb201Dataset.class);
            for (Map.Entry<Nb201Dataset, int[]> column : columns.entrySet()) {
                int[] at = column.getValue();
                accuracy.put(column.getKey(), new Nb201Accuracy(twelve.number(row, at[0]), twelve.number(row, at[1]),
                        twoHundred.number(row, at[2])));
            }
            Nb201Entry entry = new Nb201Entry(key, accuracy);
            if (byCell.put(key, entry) != null) {
                throw new UserInputException(TWELVE_EPOCH_FILE + " line " + twelve.line(row) + " repeats cell " + cell);
            }
            entries.add(entry);
        }
        return new Nb201Table(space, entries, byCell);
    }

    private static String canonicalText(CellSpace space, String cell, CsvTable table, int row) {
        try {
            return space.format(space.parse(cell));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(table.name() + " line " + table.line(row) + " holds no valid cell string: "
                    + e.getMessage(), e);
        }
    }

    /** The number of cells: 15,625. */
    public int size() {
        return entries.size();
    }

    /** Every entry, in the files' row order. */
    public List<Nb201Entry> entries() {
        return entries;
    }

    /**
     * The entry of {@code genome}.
     *
     * @throws IllegalArgumentException when the genome is not a valid NAS-Bench-201 cell
     */
    public Nb201Entry get(CellGenome genome) {
        String cell = space.format(genome);
        Nb201Entry entry = byCell.get(cell);
        if (entry == null) {
            throw new IllegalArgumentException("NAS-Bench-201 has no cell " + cell);
        }
        return entry;
    }
}
