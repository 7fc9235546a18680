package io.nas4j.tasks.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader, so that the task module stays free of libraries: objects become
 * {@code Map<String, Object>} (in document order), arrays {@code List<Object>}, numbers {@link Double},
 * strings, booleans and null as themselves. Strict RFC 8259 syntax; a malformed document throws
 * {@link IllegalArgumentException} with the offset where it went wrong.
 */
public final class Json {

    private final String text;
    private int position;

    private Json(String text) {
        this.text = text;
    }

    /** The value {@code text} holds. */
    public static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipSpace();
        Object value = reader.value();
        reader.skipSpace();
        if (reader.position != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    private Object value() {
        if (position >= text.length()) {
            throw error("the document ends where a value should be");
        }
        char next = text.charAt(position);
        return switch (next) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        position++;
        skipSpace();
        if (peek('}')) {
            position++;
            return members;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw error("expected a member name in quotes");
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            members.put(name, value());
            skipSpace();
            if (peek(',')) {
                position++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array() {
        List<Object> values = new ArrayList<>();
        position++;
        skipSpace();
        if (peek(']')) {
            position++;
            return values;
        }
        while (true) {
            skipSpace();
            values.add(value());
            skipSpace();
            if (peek(',')) {
                position++;
            } else {
                expect(']');
                return values;
            }
        }
    }

    private String string() {
        position++;
        StringBuilder result = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("a string is not closed");
            }
            char next = text.charAt(position++);
            if (next == '"') {
                return result.toString();
            }
            if (next == '\\') {
                if (position >= text.length()) {
                    throw error("a string ends in an escape");
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case '"', '\\', '/' -> result.append(escaped);
                    case 'b' -> result.append('\b');
                    case 'f' -> result.append('\f');
                    case 'n' -> result.append('\n');
                    case 'r' -> result.append('\r');
                    case 't' -> result.append('\t');
                    case 'u' -> {
                        if (position + 4 > text.length()) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        try {
                            result.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        } catch (NumberFormatException e) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        position += 4;
                    }
                    default -> throw error("unknown escape \\" + escaped);
                }
            } else if (next < 0x20) {
                throw error("a control character inside a string");
            } else {
                result.append(next);
            }
        }
    }

    private Double number() {
        int start = position;
        if (peek('-')) {
            position++;
        }
        while (position < text.length() && "0123456789.eE+-".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        String token = text.substring(start, position);
        if (token.isEmpty() || !token.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
            position = start;
            throw error("expected a value");
        }
        return Double.valueOf(token);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, position)) {
            throw error("expected a value");
        }
        position += word.length();
        return value;
    }

    private boolean peek(char expected) {
        return position < text.length() && text.charAt(position) == expected;
    }

    private void expect(char expected) {
        if (!peek(expected)) {
            throw error("expected '" + expected + "'");
        }
        position++;
    }

    private void skipSpace() {
        while (position < text.length() && " \t\n\r".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("malformed JSON at offset " + position + ": " + message);
    }
}
