package ai.wippy.lua;

import static ai.wippy.lua.LuaTokens.KEYWORDS;
import static ai.wippy.lua.LuaTokens.tokens;
import static ai.wippy.lua.LuaTypeSyntax.startsType;

import ai.wippy.lua.LuaTokens.Kind;
import ai.wippy.lua.LuaTokens.Token;
import ai.wippy.lua.LuaTypeSyntax.TypeParser;
import ai.wippy.lua.LuaTypeSyntax.TypeSyntaxError;
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

    /** The global the erased {@code type} declarations call to build their value. */
    static final String TYPE_FUNCTION = "__wippy_type";

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
}
