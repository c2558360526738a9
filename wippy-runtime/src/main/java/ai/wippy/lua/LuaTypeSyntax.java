package ai.wippy.lua;

import static ai.wippy.lua.LuaTokens.KEYWORDS;
import static ai.wippy.lua.LuaTokens.longBracket;
import static ai.wippy.lua.LuaTokens.tokens;

import ai.wippy.lua.LuaTokens.Kind;
import ai.wippy.lua.LuaTokens.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The type expressions of Wippy's typed Lua: their tree ({@link Type}) and the recursive-descent
 * parser that builds it, also used by {@link LuaTypes} to find where an annotation ends. {@link
 * LuaTypeValue} checks values against the tree.
 */
final class LuaTypeSyntax {

    private LuaTypeSyntax() {}

    /** A malformed type annotation, with the 1-based line it starts on. */
    static final class TypeSyntaxError extends RuntimeException {
        final int line;

        TypeSyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
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

    /** Whether {@code t} can begin a type expression. */
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
            return joined("|", this::intersection, Union::new);
        }

        /** After an item of a list that {@code close} ends: its comma, unless the list ends here. */
        private void separator(String close, String what) {
            if (peek().is(",")) {
                pos++;
            } else if (!peek().is(close)) {
                throw error("expected ',' or '" + close + "' in " + what);
            }
        }

        Type intersection() {
            return joined("&", this::postfix, Intersection::new);
        }

        /** One {@code member}, or several separated by {@code separator} made into one by {@code combine}. */
        private Type joined(
                String separator,
                java.util.function.Supplier<Type> member,
                java.util.function.Function<List<Type>, Type> combine) {
            List<Type> members = new ArrayList<>();
            members.add(member.get());
            while (peek().is(separator)) {
                pos++;
                members.add(member.get());
            }
            return members.size() == 1 ? members.get(0) : combine.apply(List.copyOf(members));
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
                    separator(")", "a type list");
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
                    separator(">", "type arguments");
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
