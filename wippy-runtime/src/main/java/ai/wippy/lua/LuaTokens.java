package ai.wippy.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lua's lexical layer as typed Lua needs it ({@link LuaTypes} erases annotations, {@link LuaTypeSyntax}
 * parses type expressions): tokens with their offsets and lines, comments and whitespace dropped, long
 * brackets and strings kept as one token each.
 */
final class LuaTokens {

    private LuaTokens() {}

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

    static final Set<String> KEYWORDS = Set.of(
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
    static int longBracket(String s, int i) {
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
}
