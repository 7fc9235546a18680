package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A comma-separated table with a header row, read whole into memory. It reads the plain numeric tables
 * of the tabular benchmarks, which have no quoted fields; a quote character is therefore reported as a
 * malformed file rather than half-understood. Every problem is a {@link UserInputException} naming the
 * file and, where it applies, the line and column.
 */
final class CsvTable {

    private final String name;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(String name, List<String> header, List<String[]> rows, int[] lines) {
        this.name = name;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code file}; blank lines are skipped, a byte-order mark and CR line ends are tolerated. */
    static CsvTable read(Path file) {
        String name = file.getFileName().toString();
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.indexOf('"') >= 0) {
                    throw new UserInputException(name + " line " + lineNumber
                            + " has a quoted field, which this plain numeric table must not have");
                }
                String[] fields = line.split(",", -1);
                if (header == null) {
                    header = List.of(fields);
                    continue;
                }
                if (fields.length != header.size()) {
                    throw new UserInputException(name + " line " + lineNumber + " has " + fields.length
                            + " fields where the header has " + header.size());
                }
                rows.add(fields);
                lines.add(lineNumber);
            }
        } catch (CharacterCodingException e) {
            throw new UserInputException(name + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UserInputException(name + " cannot be read: " + e.getMessage(), e);
        }
        if (header == null) {
            throw new UserInputException(name + " is empty");
        }
        return new CsvTable(name, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    String name() {
        return name;
    }

    int size() {
        return rows.size();
    }

    /** The 1-based line of the file on which data row {@code row} stands. */
    int line(int row) {
        return lines[row];
    }

    /** The index of the column named {@code column}; throws naming the columns the file has. */
    int column(String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new UserInputException(name + " has no column " + column + "; its columns are "
                    + String.join(", ", header));
        }
        return index;
    }

    String text(int row, int column) {
        return rows.get(row)[column].trim();
    }

    /** The field as a finite number; throws naming the line and column otherwise. */
    double number(int row, int column) {
        String text = text(row, column);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw new UserInputException(name + " line " + lines[row] + " column " + header.get(column)
                    + " holds '" + text + "' where a finite number is expected");
        }
        return value;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(header.toArray()) + " x " + rows.size();
    }
}
