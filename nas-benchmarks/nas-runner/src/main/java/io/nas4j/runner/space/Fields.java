package io.nas4j.runner.space;

import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.core.UserInputException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One mapping of a space file, read strictly: it may hold only the fields it names, and each value is checked
 * against what it must be when it is read. Every problem is one sentence that names the field by its path
 * ({@code layers.channels}) and shows the value as the file wrote it, made an exception by {@code problem}
 * (which adds the file's name).
 */
final class Fields {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final Set<String> READ_AS_OTHER_TYPES = Set.of("true", "false", "null", "yes", "no", "on", "off");
    private static final int MAX_RENDERED = 160;

    private final JsonNode node;
    private final String path;
    private final Function<String, UserInputException> problem;

    private Fields(JsonNode node, String path, Function<String, UserInputException> problem) {
        this.node = node;
        this.path = path;
        this.problem = problem;
    }

    /** The file's top level, which must be a mapping; {@code expectation} says what it should be. */
    static Fields top(JsonNode root, Function<String, UserInputException> problem, String expectation) {
        if (root == null || !root.isObject()) {
            throw problem.apply("the file must be " + expectation + ", got " + render(root));
        }
        return new Fields(root, "", problem);
    }

    /** Refuses every field but {@code allowed}, naming the first other one. */
    Fields allowOnly(List<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw problem.apply("unknown field " + at(name) + "; allowed" + (path.isEmpty() ? "" : " in " + path)
                        + ": " + String.join(", ", allowed));
            }
        }
        return this;
    }

    /** The mapping {@code name}, holding only {@code allowed}. */
    Fields section(String name, String... allowed) {
        JsonNode value = required(name, "a mapping of fields (" + String.join(", ", allowed) + ")");
        return mapping(name, value, List.of(allowed));
    }

    /** The mapping {@code name}, holding only {@code allowed}; empty when the file leaves it out. */
    Optional<Fields> optionalSection(String name, String... allowed) {
        JsonNode value = node.get(name);
        return value == null ? Optional.empty() : Optional.of(mapping(name, value, List.of(allowed)));
    }

    private Fields mapping(String name, JsonNode value, List<String> allowed) {
        if (!value.isObject()) {
            throw problem.apply(at(name) + " must be a mapping of fields (" + String.join(", ", allowed) + "), got "
                    + render(value));
        }
        return new Fields(value, at(name), problem).allowOnly(allowed);
    }

    /** The text {@code name}, one of {@code allowed}. */
    String choice(String name, List<String> allowed) {
        JsonNode value = required(name, "one of " + String.join(", ", allowed));
        return checkedChoice(name, value, allowed);
    }

    /** The text {@code name}, one of {@code allowed}; empty when the file leaves it out. */
    Optional<String> optionalChoice(String name, List<String> allowed) {
        JsonNode value = node.get(name);
        return value == null ? Optional.empty() : Optional.of(checkedChoice(name, value, allowed));
    }

    private String checkedChoice(String name, JsonNode value, List<String> allowed) {
        if (!value.isTextual() || !allowed.contains(value.textValue())) {
            throw problem.apply(at(name) + " must be one of " + String.join(", ", allowed) + ", got " + render(value));
        }
        return value.textValue();
    }

    /**
     * The list of names {@code name}: non-empty, without repeats, each one {@code known} accepts.
     *
     * @param what    what one name is, for messages ({@code op})
     * @param allowed the names or forms {@code known} accepts, for messages
     */
    List<String> names(String name, String what, Predicate<String> known, String allowed) {
        String expectation = "a list of " + what + "s (" + allowed + ")";
        JsonNode value = required(name, expectation);
        if (!value.isArray() || value.isEmpty()) {
            throw problem.apply(at(name) + " must be " + expectation + ", got " + render(value));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw problem.apply(at(name) + " must be " + expectation + ", got " + render(value));
            }
            if (!known.test(element.textValue())) {
                throw problem.apply(at(name) + " has an unknown " + what + " " + render(element) + "; allowed: " + allowed);
            }
            names.add(element.textValue());
        }
        return distinct(name, names, value);
    }

    /** The list of integers {@code name}: non-empty, without repeats, each from 1 to {@code max}. */
    List<Integer> positiveIntegers(String name, int max) {
        return checkedPositiveIntegers(name, required(name, "a list of positive integers"), max);
    }

    /** As {@link #positiveIntegers}; empty when the file leaves it out. */
    Optional<List<Integer>> optionalPositiveIntegers(String name, int max) {
        JsonNode value = node.get(name);
        return value == null ? Optional.empty() : Optional.of(checkedPositiveIntegers(name, value, max));
    }

    private List<Integer> checkedPositiveIntegers(String name, JsonNode value, int max) {
        if (!value.isArray() || value.isEmpty()) {
            throw problem.apply(at(name) + " must be a list of positive integers, got " + render(value));
        }
        for (JsonNode element : value) {
            if (!element.isIntegralNumber() || element.bigIntegerValue().signum() <= 0) {
                throw problem.apply(at(name) + " must be a list of positive integers, got " + render(value));
            }
        }
        List<Integer> integers = new ArrayList<>();
        for (JsonNode element : value) {
            if (element.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
                throw problem.apply(at(name) + " must hold values up to " + max + ", got " + render(value));
            }
            integers.add(element.intValue());
        }
        return distinct(name, integers, value);
    }

    /** The whole number {@code name}, from {@code min} to {@code max}. */
    int integer(String name, int min, int max) {
        return checkedInteger(name, required(name, wholeNumber(min, max)), min, max);
    }

    /** As {@link #integer}; empty when the file leaves it out. */
    Optional<Integer> optionalInteger(String name, int min, int max) {
        JsonNode value = node.get(name);
        return value == null ? Optional.empty() : Optional.of(checkedInteger(name, value, min, max));
    }

    private int checkedInteger(String name, JsonNode value, int min, int max) {
        boolean inRange = value.isIntegralNumber()
                && value.bigIntegerValue().compareTo(BigInteger.valueOf(min)) >= 0
                && value.bigIntegerValue().compareTo(BigInteger.valueOf(max)) <= 0;
        if (!inRange) {
            throw problem.apply(at(name) + " must be " + wholeNumber(min, max) + ", got " + render(value));
        }
        return value.intValue();
    }

    /** The boolean {@code name}. */
    boolean bool(String name) {
        JsonNode value = required(name, "true or false");
        if (!value.isBoolean()) {
            throw problem.apply(at(name) + " must be true or false, got " + render(value));
        }
        return value.booleanValue();
    }

    /** The path of field {@code name} of this mapping. */
    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode required(String name, String expectation) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw problem.apply(at(name) + " is missing; it must be " + expectation);
        }
        return value;
    }

    private <T> List<T> distinct(String name, List<T> values, JsonNode value) {
        if (new HashSet<>(values).size() != values.size()) {
            // a repeated choice would number one genome twice
            throw problem.apply(at(name) + " must not repeat a value, got " + render(value));
        }
        return List.copyOf(values);
    }

    private static String wholeNumber(int min, int max) {
        return "a whole number from " + min + " to " + max;
    }

    /** A value as YAML would show it in flow style, cut short when long. */
    static String render(JsonNode value) {
        String text = flow(value);
        return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED) + "...";
    }

    private static String flow(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isArray()) {
            List<String> elements = new ArrayList<>();
            value.forEach(element -> elements.add(flow(element)));
            return "[" + String.join(", ", elements) + "]";
        }
        if (value.isObject()) {
            List<String> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                entries.add(field.getKey() + ": " + flow(field.getValue()));
            }
            return "{" + String.join(", ", entries) + "}";
        }
        if (value.isTextual()) {
            String text = value.textValue();
            // quoted where the bare word would read as a number, a boolean or nothing
            boolean plain = PLAIN.matcher(text).matches() && !READ_AS_OTHER_TYPES.contains(text.toLowerCase(Locale.ROOT));
            return plain ? text : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return value.asText();
    }
}
