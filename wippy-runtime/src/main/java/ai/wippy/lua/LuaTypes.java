package ai.wippy.lua;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Wippy's typed Lua in front of LuaJ (a Lua 5.2 compiler): the type annotations are removed before
 * compiling, each replaced by spaces with its newlines kept, so every line of the erased text is the
 * line of the source and LuaJ's errors point where the author wrote. A {@code type Name = ...}
 * declaration becomes a local holding the type as a runtime value ({@link LuaTypeValue}: callable to
 * validate, {@code :is(v)}), written on the declaration's first line.
 *
 * <p>What is erased, decided by grammar context and never by the look of a colon: parameter, vararg
 * and return annotations of {@code function} signatures (named, method, local and anonymous), generic
 * parameter lists {@code <T, U: Bound>} after a function name, annotations after the names of a
 * {@code local} or numeric/generic {@code for}, casts {@code expr as T} and {@code expr :: T}, and the
 * non-nil assertion {@code expr!}. A colon elsewhere ({@code a:b()}), anything inside strings, long
 * strings and comments, and labels {@code ::name::} are left alone. A source with nothing to erase is
 * returned as the same string.
 */
final class LuaTypes {

    private LuaTypes() {}

    /** A malformed type annotation, with the 1-based line it starts on. */
    static final class TypeSyntaxError extends RuntimeException {
        final int line;

        TypeSyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    /** The global the erased {@code type} declarations call to build their value. */
    static final String TYPE_FUNCTION = "__wippy_type";

    // --- tokens -----------------------------------------------------------------------------------

    enum Kind {
        NAME,
        NUMBER,
        STRING,
        PUNCT,
        EOF
    }

    record Token(Kind kind, String text, int start, int end, int line) {
        boolean is(String s) {
            return (kind == Kind.PUNCT || kind == Kind.NAME) && text.equals(s);
        }
    }

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "break",
            "do",
            "else",
            "elseif",
            "end",
            "false",
            "for",
            "function",
            "goto",
            "if",
            "in",
            "local",
            "nil",
            "not",
            "or",
            "repeat",
            "return",
            "then",
            "true",
            "until",
            "while");

    /** Lua's tokens of {@code s}, comments and whitespace dropped; an unclosed string or comment is one token to the end. */
    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            int startLine = line;
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                i += 2;
                int level = longBracket(s, i);
                if (level >= 0) {
                    i = closeLong(s, i + level + 2, level);
                } else {
                    while (i < n && s.charAt(i) != '\n') {
                        i++;
                    }
                }
                line += newlines(s, start, i);
                continue;
            }
            if (c == '"' || c == '\'') {
                i++;
                while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    i++;
                }
                if (i < n && s.charAt(i) == c) {
                    i++;
                }
                line += newlines(s, start, i);
                out.add(new Token(Kind.STRING, s.substring(start, i), start, i, startLine));
                continue;
            }
            if (c == '[') {
                int level = longBracket(s, i);
                if (level >= 0) {
                    i = closeLong(s, i + level + 2, level);
                    line += newlines(s, start, i);
                    out.add(new Token(Kind.STRING, s.substring(start, i), start, i, startLine));
                    continue;
                }
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (Character.isLetterOrDigit(d) || d == '.' || d == '_') {
                        i++;
                    } else if ((d == '+' || d == '-') && "eEpP".indexOf(s.charAt(i - 1)) >= 0) {
                        i++;
                    } else {
                        break;
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start, i, startLine));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                i++;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.NAME, s.substring(start, i), start, i, startLine));
                continue;
            }
            String p = null;
            for (String multi : new String[] {"...", "..", "::", "==", "~=", "<=", ">=", "->"}) {
                if (s.startsWith(multi, i)) {
                    p = multi;
                    break;
                }
            }
            if (p == null) {
                p = String.valueOf(c);
            }
            i += p.length();
            out.add(new Token(Kind.PUNCT, p, start, i, startLine));
        }
        out.add(new Token(Kind.EOF, "", n, n, line));
        return out;
    }

    /** The level of a long bracket {@code [==[} opening at {@code i}, or -1. */
    private static int longBracket(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == '=') {
            j++;
        }
        return j < s.length() && s.charAt(j) == '[' ? j - i - 1 : -1;
    }

    private static int closeLong(String s, int from, int level) {
        String close = "]" + "=".repeat(level) + "]";
        int k = s.indexOf(close, from);
        return k < 0 ? s.length() : k + close.length();
    }

    private static int newlines(String s, int from, int to) {
        int count = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                count++;
            }
        }
        return count;
    }

    // --- erasure ----------------------------------------------------------------------------------

    /** {@code source} with its type annotations erased; the same string when there are none. */
    static String erase(String source) {
        if (!mayBeTyped(source)) {
            return source;
        }
        List<Token> toks = tokens(source);
        Eraser e = new Eraser(source, toks);
        e.run();
        return e.changed ? e.result() : source;
    }

    /** Cheap pre-check: every annotation needs one of these characters or words. */
    private static boolean mayBeTyped(String s) {
        return s.indexOf(':') >= 0 || s.indexOf('!') >= 0 || s.contains("type") || s.contains("as");
    }

    private static final class Eraser {
        final String src;
        final List<Token> t;
        final StringBuilder out;
        /** Code replacing a blanked span of one line (a type declaration's first line): from, to, code. */
        final List<Object[]> inserts = new ArrayList<>();
        /** The annotation text of each local seen so far, for {@code type T = typeof(name)}. */
        final java.util.Map<String, String> annotated = new java.util.HashMap<>();

        boolean changed;
        /** The token index just after the last erased annotation: a statement may start there. */
        int afterErased = -1;

        Eraser(String src, List<Token> t) {
            this.src = src;
            this.t = t;
            this.out = new StringBuilder(src);
        }

        String result() {
            if (inserts.isEmpty()) {
                return out.toString();
            }
            StringBuilder b = new StringBuilder(out.length() + 256);
            int prev = 0;
            for (Object[] ins : inserts) {
                int from = (Integer) ins[0];
                b.append(out, prev, from).append((String) ins[2]);
                prev = (Integer) ins[1];
            }
            return b.append(out, prev, out.length()).toString();
        }

        Token at(int i) {
            return t.get(Math.min(i, t.size() - 1));
        }

        /** Spaces over [from, to) of the source, newlines kept. */
        void blank(int from, int to) {
            for (int k = from; k < to; k++) {
                if (out.charAt(k) != '\n' && out.charAt(k) != '\r') {
                    out.setCharAt(k, ' ');
                }
            }
            changed = true;
        }

        /** Blank tokens [from, to). */
        void blankTokens(int from, int to) {
            if (to > from) {
                blank(at(from).start(), at(to - 1).end());
                afterErased = to;
            }
        }

        void run() {
            int i = 0;
            while (at(i).kind() != Kind.EOF) {
                Token tok = at(i);
                if (tok.is("function") && tok.kind() == Kind.NAME) {
                    i = function(i);
                } else if ((tok.is("local") || tok.is("for"))
                        && tok.kind() == Kind.NAME
                        && !at(i + 1).is("function")) {
                    i = names(i + 1);
                } else if (tok.is("type") && tok.kind() == Kind.NAME && isTypeDeclaration(i)) {
                    i = typeDeclaration(i);
                } else if (tok.is("as")
                        && tok.kind() == Kind.NAME
                        && i > 0
                        && endsExpression(at(i - 1))
                        && at(i - 1).line() == tok.line()
                        && startsType(at(i + 1))) {
                    int end = new TypeParser(t, i + 1).parseTypeEnd();
                    blankTokens(i, end);
                    i = end;
                } else if (tok.is("::")
                        && at(i + 1).kind() == Kind.NAME
                        && at(i + 2).is("::")) {
                    i += 3; // a label
                } else if (tok.is("::") && tok.kind() == Kind.PUNCT && i > 0 && endsExpression(at(i - 1))) {
                    int end = new TypeParser(t, i + 1).parseTypeEnd();
                    blankTokens(i, end);
                    i = end;
                } else if (tok.is("!") && tok.kind() == Kind.PUNCT && i > 0 && endsExpression(at(i - 1))) {
                    blankTokens(i, i + 1);
                    i++;
                } else {
                    i++;
                }
            }
        }

        /** After {@code function}: name path, generic parameters, parameter list, return type. */
        int function(int i) {
            int j = i + 1;
            if (at(j).kind() == Kind.NAME && !KEYWORDS.contains(at(j).text())) {
                j++;
                while ((at(j).is(".") || at(j).is(":")) && at(j + 1).kind() == Kind.NAME) {
                    j += 2;
                }
            }
            if (at(j).is("<")) {
                int close = matching(j, "<", ">");
                if (close < 0) {
                    return j;
                }
                blankTokens(j, close + 1);
                j = close + 1;
            }
            if (!at(j).is("(")) {
                return j;
            }
            j++;
            while (!at(j).is(")")) {
                if (at(j).kind() == Kind.NAME || at(j).is("...")) {
                    j++;
                } else {
                    return j;
                }
                if (at(j).is("?") && at(j + 1).is(":")) {
                    blankTokens(j, j + 1);
                    j++;
                }
                if (at(j).is(":")) {
                    int end = new TypeParser(t, j + 1).parseTypeEnd();
                    blankTokens(j, end);
                    j = end;
                }
                if (at(j).is(",")) {
                    j++;
                } else if (!at(j).is(")")) {
                    return j;
                }
            }
            j++;
            if (at(j).is(":")) {
                int end = new TypeParser(t, j + 1).parseReturnEnd();
                blankTokens(j, end);
                j = end;
            }
            return j;
        }

        /** The names after {@code local} or {@code for}, each with an optional annotation. */
        int names(int j) {
            while (at(j).kind() == Kind.NAME && !KEYWORDS.contains(at(j).text())) {
                String name = at(j).text();
                j++;
                if (at(j).is(":")) {
                    int end = new TypeParser(t, j + 1).parseTypeEnd();
                    annotated.put(
                            name, src.substring(at(j + 1).start(), at(end - 1).end()));
                    blankTokens(j, end);
                    j = end;
                }
                if (at(j).is("<") && at(j + 1).kind() == Kind.NAME && at(j + 2).is(">")) {
                    j += 3; // a Lua 5.4 attribute: left for the compiler to judge
                }
                if (!at(j).is(",")) {
                    break;
                }
                j++;
            }
            return j;
        }

        /** {@code type Name [<...>] =} where a statement may start. */
        boolean isTypeDeclaration(int i) {
            if (at(i + 1).kind() != Kind.NAME || KEYWORDS.contains(at(i + 1).text())) {
                return false;
            }
            if (!at(i + 2).is("=") && !at(i + 2).is("<")) {
                return false;
            }
            if (i == 0 || i == afterErased) {
                return true;
            }
            Token p = at(i - 1);
            if (p.kind() == Kind.NAME) {
                return !Set.of("local", "return", "and", "or", "not", "in", "until", "if", "elseif", "while")
                        .contains(p.text());
            }
            if (p.kind() == Kind.PUNCT) {
                return p.is(")") || p.is("]") || p.is("}") || p.is(";") || p.is("::");
            }
            return true; // after a string or number, only a new statement can follow a name
        }

        int typeDeclaration(int i) {
            String name = at(i + 1).text();
            int j = i + 2;
            List<String> generics = new ArrayList<>();
            if (at(j).is("<")) {
                int close = matching(j, "<", ">");
                if (close < 0) {
                    throw new TypeSyntaxError(at(j).line(), "unclosed '<' in the parameters of type " + name);
                }
                for (int k = j + 1; k < close; k++) {
                    if (at(k).kind() == Kind.NAME
                            && (at(k - 1).is("<") || at(k - 1).is(","))) {
                        generics.add(at(k).text());
                    }
                }
                j = close + 1;
            }
            if (!at(j).is("=")) {
                throw new TypeSyntaxError(at(j).line(), "expected '=' after type " + name);
            }
            TypeParser parser = new TypeParser(t, j + 1);
            parser.generics.addAll(generics);
            int end = parser.parseTypeEnd();
            String text = src.substring(at(j + 1).start(), at(end - 1).end());
            if (end == j + 5
                    && at(j + 1).is("typeof")
                    && at(j + 2).is("(")
                    && at(j + 4).is(")")
                    && annotated.containsKey(at(j + 3).text())) {
                // the declared type of an annotated local, as the checker knows it
                text = annotated.get(at(j + 3).text());
                parser = new TypeParser(tokens(text), 0);
                parser.generics.addAll(generics);
                parser.parseTypeEnd();
            }
            Set<String> free = new LinkedHashSet<>(parser.references);
            StringBuilder refs = new StringBuilder();
            for (String r : free) {
                refs.append(r).append('=').append(r).append(',');
            }
            String code = "local " + name + "; " + name + " = " + TYPE_FUNCTION + "(" + quote(name) + ", " + quote(text)
                    + ", " + quote(String.join(",", generics)) + ", function() return {" + refs + "} end)";
            int from = tokStart(i);
            int to = at(end - 1).end();
            blank(from, to);
            // the declaration's first line holds the code; the rest of its span keeps only its newlines
            int firstNewline = src.indexOf('\n', from);
            if (firstNewline < 0 || firstNewline > to) {
                firstNewline = to;
            }
            inserts.add(new Object[] {from, firstNewline, padTo(code, firstNewline - from)});
            afterErased = end;
            return end;
        }

        private String padTo(String code, int width) {
            return code.length() >= width ? code : code + " ".repeat(width - code.length());
        }

        int tokStart(int i) {
            return at(i).start();
        }

        /** The index of the bracket closing the one at {@code open}, nesting counted; -1 if none before a statement keyword. */
        int matching(int open, String o, String c) {
            int depth = 0;
            for (int k = open; at(k).kind() != Kind.EOF; k++) {
                if (at(k).is(o)) {
                    depth++;
                } else if (at(k).is(c)) {
                    if (--depth == 0) {
                        return k;
                    }
                } else if (at(k).kind() == Kind.NAME
                        && KEYWORDS.contains(at(k).text())
                        && !at(k).is("nil")
                        && !at(k).is("true")
                        && !at(k).is("false")
                        && !at(k).is("function")) {
                    return -1;
                }
            }
            return -1;
        }
    }

    static boolean endsExpression(Token p) {
        return switch (p.kind()) {
            case NAME -> !KEYWORDS.contains(p.text()) || p.is("end") || p.is("nil") || p.is("true") || p.is("false");
            case NUMBER, STRING -> true;
            case PUNCT -> p.is(")") || p.is("]") || p.is("}") || p.is("...");
            case EOF -> false;
        };
    }

    static boolean startsType(Token t) {
        return (t.kind() == Kind.NAME
                        && (!KEYWORDS.contains(t.text())
                                || t.is("nil")
                                || t.is("true")
                                || t.is("false")
                                || t.is("function")))
                || t.kind() == Kind.STRING
                || t.kind() == Kind.NUMBER
                || t.is("{")
                || t.is("(");
    }

    /** A Lua string literal of {@code s} on one line. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    // --- types ------------------------------------------------------------------------------------

    /** A type expression's tree. */
    sealed interface Type {}

    /** number, integer, string, boolean, any, unknown, nil, never, table, function, error, userdata, thread. */
    record Prim(String name) implements Type {}

    /** A named type: a local type value, a library's ({@code lib.T}), or a generic parameter. */
    record Ref(List<String> path, List<Type> args) implements Type {}

    /** A generic parameter of the declaration ({@code T} of {@code type Box<T> = ...}). */
    record Param(String name) implements Type {}

    /** A literal: a string, number or boolean value. */
    record Literal(Object value) implements Type {}

    record Optional(Type inner) implements Type {}

    record Union(List<Type> members) implements Type {}

    record Intersection(List<Type> members) implements Type {}

    /** {@code {a: T, b?: U}}, {@code {T}} (array) and {@code {[K]: V}} (map), alone or together. */
    record Table(List<Field> fields, Type array, Type key, Type value) implements Type {}

    record Field(String name, Type type, boolean optional) {}

    record Function(List<Type> params, List<Type> returns) implements Type {}

    /** Several values: a multiple return {@code (A, B)}. */
    record Tuple(List<Type> members) implements Type {}

    /** A type with validators {@code @min(0) @pattern("...")}. */
    record Validated(Type inner, List<Validator> validators) implements Type {}

    record Validator(String name, List<Object> args) {}

    /** {@code typeof(name)} inside a type: the type of a value. */
    record TypeOf(String name) implements Type {}

    static final Set<String> PRIMITIVES = Set.of(
            "number",
            "integer",
            "string",
            "boolean",
            "any",
            "unknown",
            "nil",
            "never",
            "table",
            "function",
            "error",
            "userdata",
            "thread",
            "self");

    /** Parses the type expression {@code text} (generic parameters {@code generics} are any). */
    static Type parse(String text, Set<String> generics) {
        List<Token> toks = tokens(text);
        TypeParser p = new TypeParser(toks, 0);
        p.generics.addAll(generics);
        Type type = p.type();
        if (p.peek().kind() != Kind.EOF) {
            throw new TypeSyntaxError(p.peek().line(), "unexpected '" + p.peek().text() + "' in type " + text);
        }
        return type;
    }

    /** Recursive descent over tokens for one type expression; {@code pos} is left after it. */
    static final class TypeParser {
        final List<Token> t;
        int pos;
        final Set<String> generics = new LinkedHashSet<>();
        /** Names the type refers to (first part of each path), outside the generics and primitives. */
        final Set<String> references = new LinkedHashSet<>();

        TypeParser(List<Token> t, int pos) {
            this.t = t;
            this.pos = pos;
        }

        Token peek() {
            return t.get(Math.min(pos, t.size() - 1));
        }

        Token peek(int ahead) {
            return t.get(Math.min(pos + ahead, t.size() - 1));
        }

        Token next() {
            Token tok = peek();
            pos++;
            return tok;
        }

        TypeSyntaxError error(String what) {
            Token tok = peek();
            return new TypeSyntaxError(
                    tok.line(),
                    what + (tok.kind() == Kind.EOF ? " at the end of the source" : " near '" + tok.text() + "'"));
        }

        void expect(String s) {
            if (!peek().is(s)) {
                throw error("expected '" + s + "' in a type annotation");
            }
            pos++;
        }

        int parseTypeEnd() {
            type();
            return pos;
        }

        /** A return annotation: one type, or a parenthesized list of several. */
        int parseReturnEnd() {
            type();
            return pos;
        }

        private int depth;

        /** Deeper types than this are refused (a hostile source must not exhaust the stack). */
        static final int MAX_DEPTH = 100;

        Type type() {
            if (++depth > MAX_DEPTH) {
                throw error("type nested deeper than " + MAX_DEPTH);
            }
            try {
                return union();
            } finally {
                depth--;
            }
        }

        private Type union() {
            if (peek().is("|")) {
                pos++; // a leading bar, as in multi-line unions
            }
            List<Type> members = new ArrayList<>();
            members.add(intersection());
            while (peek().is("|")) {
                pos++;
                members.add(intersection());
            }
            return members.size() == 1 ? members.get(0) : new Union(List.copyOf(members));
        }

        Type intersection() {
            List<Type> members = new ArrayList<>();
            members.add(postfix());
            while (peek().is("&")) {
                pos++;
                members.add(postfix());
            }
            return members.size() == 1 ? members.get(0) : new Intersection(List.copyOf(members));
        }

        Type postfix() {
            Type type = primary();
            while (true) {
                if (peek().is("?")) {
                    pos++;
                    type = new Optional(type);
                } else if (peek().is("[") && peek(1).is("]")) {
                    pos += 2;
                    type = new Table(List.of(), type, null, null);
                } else {
                    break;
                }
            }
            List<Validator> validators = new ArrayList<>();
            while (peek().is("@") && peek(1).kind() == Kind.NAME) {
                pos++;
                String name = next().text();
                List<Object> args = new ArrayList<>();
                if (peek().is("(")) {
                    pos++;
                    while (!peek().is(")")) {
                        Token a = next();
                        switch (a.kind()) {
                            case NUMBER -> args.add(number(a.text()));
                            case STRING -> args.add(stringValue(a.text()));
                            case NAME ->
                                args.add(a.is("true") ? Boolean.TRUE : a.is("false") ? Boolean.FALSE : a.text());
                            case PUNCT -> {
                                if (a.is("-") && peek().kind() == Kind.NUMBER) {
                                    args.add(-((Number) number(next().text())).doubleValue());
                                } else if (!a.is(",")) {
                                    throw error("unexpected '" + a.text() + "' in the arguments of @" + name);
                                }
                            }
                            case EOF -> throw error("unclosed arguments of @" + name);
                        }
                    }
                    pos++;
                }
                validators.add(new Validator(name, List.copyOf(args)));
            }
            return validators.isEmpty() ? type : new Validated(type, List.copyOf(validators));
        }

        Type primary() {
            Token tok = peek();
            if (tok.kind() == Kind.STRING) {
                pos++;
                return new Literal(stringValue(tok.text()));
            }
            if (tok.kind() == Kind.NUMBER) {
                pos++;
                return new Literal(number(tok.text()));
            }
            if (tok.is("-") && peek(1).kind() == Kind.NUMBER) {
                pos++;
                return new Literal(-((Number) number(next().text())).doubleValue());
            }
            if (tok.is("{")) {
                return table();
            }
            if (tok.is("(")) {
                pos++;
                List<Type> members = new ArrayList<>();
                while (!peek().is(")")) {
                    if (peek().kind() == Kind.NAME && peek(1).is(":") && !peek(1).is("::")) {
                        pos += 2; // a named parameter of a function type
                    } else if (peek().is("...") && peek(1).is(":")) {
                        pos += 2;
                    } else if (peek().is("...")) {
                        pos++;
                        members.add(new Prim("any"));
                        if (!peek().is(",")) {
                            continue;
                        }
                        pos++;
                        continue;
                    }
                    members.add(type());
                    if (peek().is(",")) {
                        pos++;
                    } else if (!peek().is(")")) {
                        throw error("expected ',' or ')' in a type list");
                    }
                }
                pos++;
                if (peek().is("->")) {
                    pos++;
                    Type ret = peek().is("(") ? primary() : type();
                    List<Type> returns = ret instanceof Tuple tu ? tu.members() : List.of(ret);
                    return new Function(List.copyOf(members), returns);
                }
                return members.size() == 1 ? members.get(0) : new Tuple(List.copyOf(members));
            }
            if (tok.kind() == Kind.NAME) {
                pos++;
                switch (tok.text()) {
                    case "nil" -> {
                        return new Prim("nil");
                    }
                    case "true" -> {
                        return new Literal(Boolean.TRUE);
                    }
                    case "false" -> {
                        return new Literal(Boolean.FALSE);
                    }
                    case "readonly" -> {
                        if (startsType(peek())) {
                            while (peek().is("readonly") && startsType(peek(1))) {
                                pos++;
                            }
                            return postfix();
                        }
                        return ref(tok);
                    }
                    case "typeof" -> {
                        if (peek().is("(") && peek(1).kind() == Kind.NAME && peek(2).is(")")) {
                            String name = peek(1).text();
                            pos += 3;
                            references.add(name);
                            return new TypeOf(name);
                        }
                        return ref(tok);
                    }
                    case "function" -> {
                        return new Prim("function");
                    }
                    default -> {
                        if (KEYWORDS.contains(tok.text())) {
                            pos--;
                            throw error("expected a type");
                        }
                        return ref(tok);
                    }
                }
            }
            throw error("expected a type");
        }

        Type ref(Token first) {
            String name = first.text();
            if (PRIMITIVES.contains(name) && !peek().is(".")) {
                return new Prim(name);
            }
            List<String> path = new ArrayList<>();
            path.add(name);
            while (peek().is(".") && peek(1).kind() == Kind.NAME) {
                path.add(peek(1).text());
                pos += 2;
            }
            List<Type> args = new ArrayList<>();
            if (peek().is("<")) {
                pos++;
                while (!peek().is(">")) {
                    args.add(type());
                    if (peek().is(",")) {
                        pos++;
                    } else if (!peek().is(">")) {
                        throw error("expected ',' or '>' in type arguments");
                    }
                }
                pos++;
            }
            if (generics.contains(name) && path.size() == 1) {
                return new Param(name);
            }
            references.add(name);
            return new Ref(List.copyOf(path), List.copyOf(args));
        }

        Type table() {
            expect("{");
            List<Field> fields = new ArrayList<>();
            Type array = null;
            Type key = null;
            Type value = null;
            while (!peek().is("}")) {
                if (peek().is("[")) {
                    pos++;
                    key = type();
                    expect("]");
                    expect(":");
                    value = type();
                } else if (peek().kind() == Kind.NAME && peek(1).is(":") && !KEYWORDS.contains(peek().text())) {
                    String name = next().text();
                    pos++;
                    fields.add(new Field(name, type(), false));
                } else if (peek().kind() == Kind.NAME && peek(1).is("?") && peek(2).is(":")) {
                    String name = next().text();
                    pos += 2;
                    fields.add(new Field(name, type(), true));
                } else if (peek().is("readonly")
                        && peek(1).kind() == Kind.NAME
                        && (peek(2).is(":") || peek(2).is("?"))) {
                    pos++;
                    continue;
                } else {
                    array = type();
                }
                if (peek().is(",") || peek().is(";")) {
                    pos++;
                } else if (!peek().is("}")) {
                    throw error("expected ',' or '}' in a table type");
                }
            }
            pos++;
            return new Table(List.copyOf(fields), array, key, value);
        }

        private Object number(String text) {
            try {
                if (text.startsWith("0x") || text.startsWith("0X")) {
                    return (double) Long.parseLong(text.substring(2), 16);
                }
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("malformed number");
            }
        }

        private static String stringValue(String literal) {
            if (literal.startsWith("[")) {
                int level = longBracket(literal, 0);
                return literal.substring(level + 2, Math.max(level + 2, literal.length() - level - 2));
            }
            StringBuilder b = new StringBuilder();
            for (int k = 1; k < literal.length() - 1; k++) {
                char c = literal.charAt(k);
                if (c == '\\' && k + 1 < literal.length() - 1) {
                    char e = literal.charAt(++k);
                    b.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> e;
                            });
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
