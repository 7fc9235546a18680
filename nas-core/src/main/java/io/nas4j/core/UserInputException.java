package io.nas4j.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A mistake the user can fix: a missing or malformed data file, an unknown configuration field, a value
 * out of range. The message is one sentence that names the file or field and, where there is a fixed set,
 * the allowed values. The command line reports it without a stack trace and exits with status 2; everything
 * else that goes wrong is a failure of the run itself.
 *
 * <p>An exception about one setting ({@link #of}) knows its {@link #field()}, named in the library's
 * vocabulary (the component names of the specs and configs: {@code dataFraction}, {@code dataDir},
 * {@code maxParams}), and the settings its sentence refers to. {@link #getMessage()} names them so; a host
 * that gives the settings other names (the command line's flags) renders the same sentence with its own
 * names through {@link #message(UnaryOperator)}.
 */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    /** The sentence with its references ({@code {name}}) and values ({@code {}}) in place; null for a plain message. */
    private final String template;
    private final String[] values;

    public UserInputException(String message) {
        super(message);
        this.field = null;
        this.template = null;
        this.values = new String[0];
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
        this.template = null;
        this.values = new String[0];
    }

    private UserInputException(String field, String template, String[] values) {
        super(render(template, values, UnaryOperator.identity()));
        this.field = field;
        this.template = template;
        this.values = values;
    }

    /**
     * A mistake in setting {@code field}. In {@code template}, {@code {name}} refers to the setting
     * {@code name} (usually the sentence begins with {@code {field}}) and each {@code {}} stands for the next
     * of {@code values}, inserted as text and never read for references, so a value may hold any character.
     * For example {@code of("dataFraction", "{dataFraction} must be in (0, 1], got {}", fraction)} reads
     * {@code dataFraction must be in (0, 1], got NaN}.
     *
     * @throws NullPointerException when {@code field} or {@code template} is null
     */
    public static UserInputException of(String field, String template, Object... values) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(template, "template");
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = printable(String.valueOf(values[i]));
        }
        return new UserInputException(field, template, texts);
    }

    /**
     * {@code text} with every character that does not print written as an escape: {@code \n}, {@code \r} and
     * {@code \t}, and a backslash, {@code u} and four hexadecimal digits for the others (escape as
     * {@code 001B}, other controls, format characters such as the bidirectional overrides, line and
     * paragraph separators, lone surrogates, unassigned code points). A message that quotes what a user typed
     * can then be printed on a terminal without the input moving the cursor, clearing the screen or
     * reordering the text around it.
     */
    public static String printable(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(text, i);
            if (escape == null) {
                if (escaped != null) {
                    escaped.append(c);
                }
                continue;
            }
            if (escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            escaped.append(escape);
        }
        return escaped == null ? text : escaped.toString();
    }

    /** The escape of the character at {@code index}, or null when it prints (a surrogate pair prints as one). */
    private static String escape(String text, int index) {
        char c = text.charAt(index);
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (Character.isHighSurrogate(c) && index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))) {
            return printing(text.codePointAt(index)) ? null : String.format(Locale.ROOT, "\\u%04X\\u%04X", (int) c,
                    (int) text.charAt(index + 1));
        }
        if (Character.isLowSurrogate(c) && index > 0 && Character.isHighSurrogate(text.charAt(index - 1))) {
            return printing(text.codePointAt(index - 1)) ? null : "";
        }
        return printing(c) ? null : String.format(Locale.ROOT, "\\u%04X", (int) c);
    }

    private static boolean printing(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /** This exception with {@code cause} as its cause, for {@link #of} (which takes none). */
    public UserInputException causedBy(Throwable cause) {
        initCause(cause);
        return this;
    }

    /** The setting at fault, in the library's vocabulary; empty when the mistake is not about one setting. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * The message with every setting it refers to named by {@code naming} (which is given the library's
     * name, for example {@code dataFraction}, and returns the host's, for example {@code --data-fraction});
     * a message made without references is returned as it is.
     */
    public String message(UnaryOperator<String> naming) {
        Objects.requireNonNull(naming, "naming");
        return template == null ? getMessage() : render(template, values, naming);
    }

    private static String render(String template, String[] values, UnaryOperator<String> naming) {
        StringBuilder text = new StringBuilder(template.length() + 32);
        int next = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i + 1) : -1;
            if (close < 0) {
                text.append(c);
                i++;
                continue;
            }
            String name = template.substring(i + 1, close);
            if (name.isEmpty()) {
                if (next >= values.length) {
                    throw new IllegalArgumentException("the message '" + template + "' has more {} than its "
                            + values.length + " values");
                }
                text.append(values[next++]);
            } else if (isName(name)) {
                text.append(naming.apply(name));
            } else {
                text.append(c);
                i++;
                continue;
            }
            i = close + 1;
        }
        if (next != values.length) {
            throw new IllegalArgumentException("the message '" + template + "' has " + next + " {} for "
                    + values.length + " values");
        }
        return text.toString();
    }

    private static boolean isName(String text) {
        if (!Character.isJavaIdentifierStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!Character.isJavaIdentifierPart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
