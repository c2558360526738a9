package ai.wippy.wit;

import ai.wippy.wit.WitType.Case;
import ai.wippy.wit.WitType.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the {@code wit} field of a core-module entry: type definitions ({@code record},
 * {@code variant}, {@code enum}, {@code flags}, {@code type} aliases) followed or preceded by function
 * signatures such as {@code compute: func(a: s32, b: s32) -> s32;}. Named types may be used before
 * they are defined.
 */
public final class WitParser {

    /** A WIT text that does not parse; the message gives the line and column. */
    public static final class WitSyntaxException extends RuntimeException {
        public WitSyntaxException(String message) {
            super(message);
        }
    }

    /** The result of parsing: named types and functions, in source order. */
    public record WitDocument(Map<String, WitType> types, Map<String, FunctionSignature> functions) {}

    private final String text;
    private int pos;
    private final Map<String, Object> rawTypes = new LinkedHashMap<>();
    private final Map<String, WitType> resolved = new LinkedHashMap<>();

    private WitParser(String text) {
        this.text = text;
    }

    public static WitDocument parse(String text) {
        return new WitParser(text).document();
    }

    /** Parses a text with exactly one function, or returns the one named {@code name}. */
    public static FunctionSignature parseFunction(String text, String name) {
        WitDocument doc = parse(text);
        if (name != null && doc.functions().containsKey(name)) {
            return doc.functions().get(name);
        }
        if (doc.functions().size() == 1) {
            return doc.functions().values().iterator().next();
        }
        throw new WitSyntaxException(
                doc.functions().isEmpty()
                        ? "no function signature found (expected e.g. 'compute: func(a: s32) -> s32;')"
                        : "several functions are declared " + doc.functions().keySet() + " and none is named '" + name
                                + "'");
    }

    /**
     * Whether the WIT function name {@code witName} names the export {@code exportName}: the same
     * name, or the same once a snake_case or camelCase export is spelled in WIT's kebab-case
     * ({@code add_numbers} and {@code addNumbers} are both {@code add-numbers}).
     */
    public static boolean sameName(String witName, String exportName) {
        return witName.equals(exportName) || kebab(witName).equals(kebab(exportName));
    }

    private static String kebab(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                sb.append('-');
            } else if (Character.isUpperCase(c)) {
                if (i > 0 && !Character.isUpperCase(name.charAt(i - 1)) && name.charAt(i - 1) != '_') {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // Types are parsed to unresolved references first, then resolved, so order does not matter.
    private record Ref(String name, int at) {}

    private record Pending(String kind, Object body) {}

    private WitDocument document() {
        Map<String, Object[]> rawFunctions = new LinkedHashMap<>();
        skip();
        while (pos < text.length()) {
            int at = pos;
            String word = ident();
            switch (word) {
                case "record" -> {
                    String name = ident();
                    expect('{');
                    List<Object[]> fields = listUntil('}', this::namedType);
                    define(name, new Pending("record", fields), at);
                }
                case "variant" -> {
                    String name = ident();
                    expect('{');
                    List<Object[]> cases = listUntil('}', () -> {
                        String c = ident();
                        Object payload = null;
                        if (peek('(')) {
                            expect('(');
                            payload = type();
                            expect(')');
                        }
                        return new Object[] {c, payload};
                    });
                    define(name, new Pending("variant", cases), at);
                }
                case "enum", "flags" -> {
                    String name = ident();
                    expect('{');
                    List<String> names = listUntil('}', this::ident);
                    define(name, new Pending(word, names), at);
                }
                case "type" -> {
                    String name = ident();
                    expect('=');
                    Object target = type();
                    optional(';');
                    define(name, new Pending("alias", target), at);
                }
                default -> {
                    expect(':');
                    String func = ident();
                    if (!func.equals("func")) {
                        throw error(at, "expected 'func' after '" + word + ":'");
                    }
                    expect('(');
                    List<Object[]> params = listUntil(')', this::namedType);
                    Object result = null;
                    if (peekArrow()) {
                        pos += 2;
                        skip();
                        result = type();
                    }
                    optional(';');
                    if (rawFunctions.put(word, new Object[] {params, result}) != null) {
                        throw error(at, "function '" + word + "' is declared twice");
                    }
                }
            }
            skip();
        }
        Map<String, FunctionSignature> functions = new LinkedHashMap<>();
        for (var e : rawFunctions.entrySet()) {
            @SuppressWarnings("unchecked")
            List<Object[]> params = (List<Object[]>) e.getValue()[0];
            List<Param> resolvedParams = new ArrayList<>();
            for (Object[] p : params) {
                resolvedParams.add(new Param((String) p[0], resolve(p[1])));
            }
            Object result = e.getValue()[1];
            functions.put(
                    e.getKey(),
                    new FunctionSignature(e.getKey(), resolvedParams, result == null ? null : resolve(result)));
        }
        for (String name : rawTypes.keySet()) {
            resolveNamed(name, rawTypes.size() + 1);
        }
        return new WitDocument(Map.copyOf(resolved), functions);
    }

    private void define(String name, Pending pending, int at) {
        if (rawTypes.put(name, pending) != null) {
            throw error(at, "type '" + name + "' is defined twice");
        }
    }

    /**
     * The items {@code item} reads up to {@code close}, separated by commas (one may follow the last),
     * and {@code close} itself.
     */
    private <T> List<T> listUntil(char close, java.util.function.Supplier<T> item) {
        List<T> items = new ArrayList<>();
        while (!peek(close)) {
            items.add(item.get());
            if (!peek(close)) {
                expect(',');
            }
        }
        expect(close);
        return items;
    }

    /** {@code name: type}, as a record field or a parameter. */
    private Object[] namedType() {
        String name = ident();
        expect(':');
        return new Object[] {name, type()};
    }

    private Object type() {
        int at = pos;
        String word = ident();
        switch (word) {
            case "list", "option" -> {
                expect('<');
                Object inner = type();
                expect('>');
                return new Object[] {word, inner};
            }
            case "result" -> {
                if (!peek('<')) {
                    return new Object[] {"result", null, null};
                }
                expect('<');
                Object ok = peek('_') ? underscore() : type();
                Object err = null;
                if (peek(',')) {
                    expect(',');
                    err = type();
                }
                expect('>');
                return new Object[] {"result", ok, err};
            }
            case "tuple" -> {
                expect('<');
                List<Object> elements = listUntil('>', this::type);
                return new Object[] {"tuple", elements};
            }
            case "own", "borrow" -> {
                expect('<');
                String resource = ident();
                expect('>');
                return new WitType.HandleType(resource, word.equals("own"));
            }
            default -> {
                var primitive = WitType.Primitive.byName(word);
                if (primitive.isPresent()) {
                    return primitive.get();
                }
                return new Ref(word, at);
            }
        }
    }

    private Object underscore() {
        pos++;
        skip();
        return null;
    }

    @SuppressWarnings("unchecked")
    private WitType resolve(Object raw) {
        if (raw instanceof WitType t) {
            return t;
        }
        if (raw instanceof Ref ref) {
            if (!rawTypes.containsKey(ref.name())) {
                throw error(ref.at(), "unknown type '" + ref.name() + "'");
            }
            return resolveNamed(ref.name(), rawTypes.size() + 1);
        }
        Object[] parts = (Object[]) raw;
        return switch ((String) parts[0]) {
            case "list" -> new WitType.ListType(resolve(parts[1]));
            case "option" -> new WitType.OptionType(resolve(parts[1]));
            case "result" ->
                new WitType.ResultType(
                        parts[1] == null ? null : resolve(parts[1]), parts[2] == null ? null : resolve(parts[2]));
            case "tuple" ->
                new WitType.TupleType(
                        ((List<Object>) parts[1]).stream().map(this::resolve).toList());
            default -> throw new IllegalStateException("unexpected " + parts[0]);
        };
    }

    @SuppressWarnings("unchecked")
    private WitType resolveNamed(String name, int budget) {
        WitType done = resolved.get(name);
        if (done != null) {
            return done;
        }
        if (budget <= 0) {
            throw new WitSyntaxException(
                    "type '" + name + "' refers to itself; recursive types are not allowed in WIT");
        }
        Pending p = (Pending) rawTypes.get(name);
        WitType t = switch (p.kind()) {
            case "record" -> {
                List<Field> fields = new ArrayList<>();
                for (Object[] f : (List<Object[]>) p.body()) {
                    fields.add(new Field((String) f[0], resolveWithin(f[1], budget)));
                }
                yield new WitType.RecordType(name, List.copyOf(fields));
            }
            case "variant" -> {
                List<Case> cases = new ArrayList<>();
                for (Object[] c : (List<Object[]>) p.body()) {
                    cases.add(new Case((String) c[0], c[1] == null ? null : resolveWithin(c[1], budget)));
                }
                yield new WitType.VariantType(name, List.copyOf(cases));
            }
            case "enum" -> new WitType.EnumType(name, List.copyOf((List<String>) p.body()));
            case "flags" -> new WitType.FlagsType(name, List.copyOf((List<String>) p.body()));
            default -> resolveWithin(p.body(), budget);
        };
        resolved.put(name, t);
        return t;
    }

    private WitType resolveWithin(Object raw, int budget) {
        if (raw instanceof Ref ref) {
            if (!rawTypes.containsKey(ref.name())) {
                throw error(ref.at(), "unknown type '" + ref.name() + "'");
            }
            return resolveNamed(ref.name(), budget - 1);
        }
        if (raw instanceof Object[] parts) {
            Object[] copy = parts.clone();
            for (int i = 1; i < copy.length; i++) {
                if (copy[i] instanceof Ref r) {
                    copy[i] = resolveWithin(r, budget);
                } else if (copy[i] instanceof List<?> l) {
                    copy[i] = l.stream()
                            .map(x -> (Object) resolveWithin(x, budget))
                            .toList();
                } else if (copy[i] instanceof Object[]) {
                    copy[i] = resolveWithin(copy[i], budget);
                }
            }
            return resolve(copy);
        }
        return resolve(raw);
    }

    private String ident() {
        skip();
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '%') {
            pos++;
            start = pos;
        }
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos))
                        || text.charAt(pos) == '-'
                        || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error(pos, "expected a name");
        }
        String word = text.substring(start, pos);
        skip();
        return word;
    }

    private boolean peek(char c) {
        skip();
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean peekArrow() {
        skip();
        return text.startsWith("->", pos);
    }

    private void expect(char c) {
        skip();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error(pos, "expected '" + c + "'");
        }
        pos++;
        skip();
    }

    private void optional(char c) {
        if (peek(c)) {
            pos++;
            skip();
        }
    }

    private void skip() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                pos = end < 0 ? text.length() : end + 2;
            } else {
                return;
            }
        }
    }

    private WitSyntaxException error(int at, String problem) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        String found = at >= text.length() ? "end of text" : "'" + text.charAt(at) + "'";
        return new WitSyntaxException("line " + line + ", column " + col + ": " + problem + ", found " + found);
    }
}
