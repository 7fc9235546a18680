package io.nas4j.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nas4j.core.UserInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads configuration records from JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}) files,
 * strictly: an unknown field, a duplicate key, a null or wrongly typed value, a float where a whole number
 * belongs, trailing content or a document that is too large, too deep or alias-heavy (a "billion laughs"
 * anchor bomb) is rejected. No polymorphic typing is enabled, so a file can only produce the record's own
 * plain types. YAML aliases are refused (Jackson would misread them). Every rejection is a {@link UserInputException} naming the file and the field.
 */
public final class ConfigFiles {

    private static final int MAX_DEPTH = 20;
    private static final int MAX_LENGTH = 1_000_000;
    private static final int MAX_ALIASES = 10;
    private static final int MAX_MESSAGE = 240;
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private static final ObjectMapper JSON = strict(JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(constraints()).build()));
    private static final ObjectMapper YAML = strict(YAMLMapper.builder(YAMLFactory.builder()
            .loaderOptions(loaderOptions()).streamReadConstraints(constraints()).build()));

    private ConfigFiles() {
    }

    /**
     * Reads {@code file} as a {@code type}.
     *
     * @throws UserInputException naming the file and what is wrong: missing, unknown format, not valid
     *                            JSON/YAML, empty, or with an unknown or ill-typed field
     */
    public static <T> T read(Path file, Class<T> type) {
        ObjectMapper mapper = mapperFor(file);
        String text = text(file);
        if (text.isBlank() || (mapper == YAML && !holdsYamlDocument(file, text))) {
            throw new UserInputException("config " + file + " is empty");
        }
        T value;
        try {
            value = mapper.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            Collection<Object> known = e.getKnownPropertyIds() == null ? List.of() : e.getKnownPropertyIds();
            String allowed = known.stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new))
                    .stream().collect(Collectors.joining(", "));
            throw new UserInputException("config " + file + ": unknown field " + path(e)
                    + (allowed.isEmpty() ? "" : "; allowed: " + allowed), e);
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new UserInputException("config " + file + ": field " + (field.isEmpty() ? "(top level)" : field)
                    + " must be " + expected(e.getTargetType()) + at(e), e);
        } catch (JsonMappingException e) {
            throw new UserInputException("config " + file + ": field " + path(e) + " is invalid: "
                    + oneLine(e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            throw new UserInputException("config " + file + " is not valid " + format(file) + ": "
                    + oneLine(e.getOriginalMessage()) + at(e), e);
        }
        if (value == null) {
            throw new UserInputException("config " + file + " is empty");
        }
        return value;
    }

    private static String text(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new UserInputException("config file " + file + " is a folder, not a file");
            }
            if (!Files.isRegularFile(file)) {
                throw new UserInputException("config file " + file + " does not exist");
            }
            if (Files.size(file) > MAX_LENGTH) {
                throw new UserInputException("config file " + file + " is larger than " + MAX_LENGTH + " bytes");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // editors on Windows start UTF-8 files with a byte order mark, which neither parser expects
            return text.startsWith(BYTE_ORDER_MARK) ? text.substring(BYTE_ORDER_MARK.length()) : text;
        } catch (CharacterCodingException e) {
            throw new UserInputException("config file " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UserInputException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Composes the YAML with SnakeYAML under the strict loader options, which enforces the alias, size,
     * depth and duplicate-key limits, and refuses aliases altogether: Jackson's streaming parser does not
     * expand them (it would read {@code *name} as the text "name"), so a file using them would be
     * silently misread. Returns false when the text holds no document (only comments).
     */
    private static boolean holdsYamlDocument(Path file, String text) {
        Node root;
        try {
            root = new Yaml(loaderOptions()).compose(new StringReader(text));
        } catch (YAMLException e) {
            throw new UserInputException("config " + file + " is not valid YAML: " + oneLine(e.getMessage()), e);
        }
        if (root == null) {
            return false;
        }
        for (Event event : new Yaml(loaderOptions()).parse(new StringReader(text))) {
            if (event instanceof AliasEvent alias) {
                throw new UserInputException("config " + file + " uses a YAML alias (*" + alias.getAnchor() + " at line "
                        + (alias.getStartMark().getLine() + 1) + "); aliases are not supported in configuration files");
            }
        }
        return true;
    }

    private static ObjectMapper mapperFor(Path file) {
        String format = format(file);
        if (format.equals("JSON")) {
            return JSON;
        }
        if (format.equals("YAML")) {
            return YAML;
        }
        throw new UserInputException("config file " + file + " has an unknown format; allowed extensions: .json, .yaml, .yml");
    }

    private static String format(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "JSON";
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "YAML";
        }
        return "";
    }

    private static String path(JsonMappingException e) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of fields";
        }
        return "a " + type.getSimpleName();
    }

    private static String at(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.replaceAll("\\s*\\R\\s*", "; ").trim();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_LENGTH)
                .maxDocumentLength(MAX_LENGTH).build();
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_LENGTH);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> M strict(B builder) {
        // a number or boolean where text belongs ({"out": 5}) is an error, not the text "5"
        builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
