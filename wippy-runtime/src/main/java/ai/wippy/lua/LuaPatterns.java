package ai.wippy.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.2 patterns for {@code string.find}, {@code match}, {@code gmatch} and {@code gsub}, written
 * for the sandbox: the matcher counts its steps and checks the call's interrupt and deadline every
 * few thousand of them ({@link LuaGuard#step(int)}), so a backtracking pattern stops within the
 * call's time limit, and {@code gsub} charges its output to the call's memory budget as it grows.
 * LuaJ's own matcher does neither.
 *
 * <p>One file on purpose (over 500 lines): Lua's pattern grammar (classes, sets, quantifiers,
 * captures, {@code %b}, {@code %f}) and the four functions over it share the one backtracking
 * matcher and its step budget; the parts have no use apart.
 */
final class LuaPatterns {

    private static final int MAX_CAPTURES = 32;
    private static final int MAX_DEPTH = 200;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final String SPECIALS = "^$*+?.([%-";

    private LuaPatterns() {}

    private static final LuaString K_FIND = LuaString.valueOf("find");
    private static final LuaString K_MATCH = LuaString.valueOf("match");
    private static final LuaString K_GMATCH = LuaString.valueOf("gmatch");
    private static final LuaString K_GSUB = LuaString.valueOf("gsub");

    /** Installs find, match, gmatch and gsub into a call's {@code string} table. */
    static void install(LuaTable string, LuaGuard guard) {
        string.rawset(K_FIND, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return findOrMatch(args, true, guard);
            }
        });
        string.rawset(K_MATCH, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return findOrMatch(args, false, guard);
            }
        });
        string.rawset(K_GMATCH, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return gmatch(args, guard);
            }
        });
        string.rawset(K_GSUB, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return gsub(args, guard);
            }
        });
    }

    /** Lua 5.2's relative string position: negative counts from the end. */
    private static int relative(long pos, int len) {
        if (pos >= 0) {
            return (int) Math.min(pos, (long) len + 2);
        }
        if (-pos > len) {
            return 0;
        }
        return (int) (len + pos + 1);
    }

    private static Varargs findOrMatch(Varargs args, boolean find, LuaGuard guard) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        int len = s.m_length;
        int init = relative(args.optlong(3, 1), len);
        if (init < 1) {
            init = 1;
        } else if (init > len + 1) {
            return LuaValue.NIL;
        }
        if (find && (args.arg(4).toboolean() || plain(p))) {
            int at = indexOf(s, p, init - 1, guard);
            return at < 0
                    ? LuaValue.NIL
                    : LuaValue.varargsOf(LuaValue.valueOf(at + 1), LuaValue.valueOf(at + p.m_length));
        }
        Matcher m = new Matcher(s, p, guard);
        boolean anchor = p.m_length > 0 && p.m_bytes[p.m_offset] == '^';
        int start = init - 1;
        do {
            m.reset();
            int end = m.match(start, anchor ? 1 : 0);
            if (end >= 0) {
                if (find) {
                    return LuaValue.varargsOf(
                            LuaValue.valueOf(start + 1), LuaValue.valueOf(end), m.captures(false, start, end));
                }
                return m.captures(true, start, end);
            }
            start++;
        } while (start <= len && !anchor);
        return LuaValue.NIL;
    }

    private static boolean plain(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            if (SPECIALS.indexOf(p.m_bytes[p.m_offset + i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(LuaString s, LuaString p, int from, LuaGuard guard) {
        int n = p.m_length;
        int last = s.m_length - n;
        int steps = 0;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < n; j++) {
                guard.step(++steps);
                if (s.m_bytes[s.m_offset + i + j] != p.m_bytes[p.m_offset + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Varargs gmatch(Varargs args, LuaGuard guard) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        Matcher m = new Matcher(s, p, guard);
        return new VarArgFunction() {
            private int position;

            @Override
            public Varargs invoke(Varargs ignored) {
                for (int start = position; start <= s.m_length; start++) {
                    m.reset();
                    int end = m.match(start, 0);
                    if (end >= 0) {
                        position = end == start ? end + 1 : end;
                        return m.captures(true, start, end);
                    }
                }
                position = s.m_length + 1;
                return LuaValue.NIL;
            }
        };
    }

    private static Varargs gsub(Varargs args, LuaGuard guard) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        LuaValue repl = args.arg(3);
        int type = repl.type();
        if (type != LuaValue.TNUMBER
                && type != LuaValue.TSTRING
                && type != LuaValue.TTABLE
                && type != LuaValue.TFUNCTION) {
            return LuaValue.argerror(3, "string/function/table expected, got " + repl.typename());
        }
        long maxN = args.optlong(4, (long) s.m_length + 1);
        boolean anchor = p.m_length > 0 && p.m_bytes[p.m_offset] == '^';
        Matcher m = new Matcher(s, p, guard);
        Output out = new Output(guard, s.m_length);
        int src = 0;
        int n = 0;
        while (n < maxN) {
            m.reset();
            int end = m.match(src, anchor ? 1 : 0);
            if (end >= 0) {
                n++;
                m.replace(out, src, end, repl);
            }
            if (end >= 0 && end > src) {
                src = end;
            } else if (src < s.m_length) {
                out.append(s.m_bytes, s.m_offset + src, 1);
                src++;
            } else {
                break;
            }
            if (anchor) {
                break;
            }
        }
        out.append(s.m_bytes, s.m_offset + src, s.m_length - src);
        return LuaValue.varargsOf(out.toLuaString(), LuaValue.valueOf(n));
    }

    /** A growing byte buffer charged to the call's memory budget before each growth. */
    static final class Output {
        private final LuaGuard guard;
        private byte[] bytes;
        private int size;

        Output(LuaGuard guard, int hint) {
            this.guard = guard;
            int initial = Math.max(16, Math.min(hint, 1 << 16));
            guard.allocate(initial, "a string");
            this.bytes = new byte[initial];
        }

        void append(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        void append(LuaString s) {
            append(s.m_bytes, s.m_offset, s.m_length);
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed <= bytes.length) {
                return;
            }
            long capacity = Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 16));
            if (capacity > Integer.MAX_VALUE - 16) {
                throw new LuaLimitExceeded("a string of more than 2 GiB cannot be built");
            }
            guard.allocate(capacity, "a string");
            bytes = java.util.Arrays.copyOf(bytes, (int) capacity);
        }

        LuaString toLuaString() {
            return LuaString.valueUsing(java.util.Arrays.copyOf(bytes, size));
        }
    }

    /** One match attempt's state: the subject, the pattern and the captures. */
    static final class Matcher {
        private final LuaString src;
        private final LuaString pat;
        private final LuaGuard guard;
        private final int[] capStart = new int[MAX_CAPTURES];
        private final int[] capLen = new int[MAX_CAPTURES];
        private int level;
        private int depth;
        private int steps;

        Matcher(LuaString s, LuaString p, LuaGuard guard) {
            this.src = s;
            this.pat = p;
            this.guard = guard;
        }

        void reset() {
            level = 0;
            depth = 0;
        }

        private int s(int i) {
            return src.m_bytes[src.m_offset + i] & 0xff;
        }

        /** A copy of {@code len} bytes of the subject from {@code start}, as a Lua string. */
        private LuaString part(int start, int len) {
            return LuaString.valueOf(src.m_bytes, src.m_offset + start, len);
        }

        private int p(int i) {
            return pat.m_bytes[pat.m_offset + i] & 0xff;
        }

        private void tick() {
            guard.step(++steps);
        }

        /** Matches the pattern from {@code pi} against the subject from {@code si}: the end, or -1. */
        int match(int si, int pi) {
            if (++depth > MAX_DEPTH) {
                throw new LuaError("pattern too complex");
            }
            try {
                while (true) {
                    tick();
                    if (pi == pat.m_length) {
                        return si;
                    }
                    int c = p(pi);
                    if (c == '(') {
                        if (pi + 1 < pat.m_length && p(pi + 1) == ')') {
                            return startCapture(si, pi + 2, CAP_POSITION);
                        }
                        return startCapture(si, pi + 1, CAP_UNFINISHED);
                    }
                    if (c == ')') {
                        return endCapture(si, pi + 1);
                    }
                    if (c == '$' && pi + 1 == pat.m_length) {
                        return si == src.m_length ? si : -1;
                    }
                    if (c == '%' && pi + 1 < pat.m_length) {
                        int e = p(pi + 1);
                        if (e == 'b') {
                            si = balance(si, pi + 2);
                            if (si < 0) {
                                return -1;
                            }
                            pi += 4;
                            continue;
                        }
                        if (e == 'f') {
                            pi += 2;
                            if (pi >= pat.m_length || p(pi) != '[') {
                                throw new LuaError("missing '[' after '%f' in pattern");
                            }
                            int ep = classEnd(pi);
                            int previous = si == 0 ? 0 : s(si - 1);
                            int current = si < src.m_length ? s(si) : 0;
                            if (!inSet(previous, pi, ep - 1) && inSet(current, pi, ep - 1)) {
                                pi = ep;
                                continue;
                            }
                            return -1;
                        }
                        if (e >= '0' && e <= '9') {
                            si = backReference(si, e);
                            if (si < 0) {
                                return -1;
                            }
                            pi += 2;
                            continue;
                        }
                    }
                    int ep = classEnd(pi);
                    boolean matches = si < src.m_length && single(s(si), pi, ep);
                    int q = ep < pat.m_length ? p(ep) : 0;
                    if (q == '?') {
                        if (matches) {
                            int r = match(si + 1, ep + 1);
                            if (r >= 0) {
                                return r;
                            }
                        }
                        pi = ep + 1;
                        continue;
                    }
                    if (q == '+') {
                        return matches ? longest(si + 1, pi, ep) : -1;
                    }
                    if (q == '*') {
                        return longest(si, pi, ep);
                    }
                    if (q == '-') {
                        return shortest(si, pi, ep);
                    }
                    if (!matches) {
                        return -1;
                    }
                    si++;
                    pi = ep;
                }
            } finally {
                depth--;
            }
        }

        /** The index just past the single-character class starting at {@code pi}. */
        private int classEnd(int pi) {
            int c = p(pi++);
            if (c == '%') {
                if (pi >= pat.m_length) {
                    throw new LuaError("malformed pattern (ends with '%')");
                }
                return pi + 1;
            }
            if (c == '[') {
                if (pi < pat.m_length && p(pi) == '^') {
                    pi++;
                }
                do {
                    if (pi >= pat.m_length) {
                        throw new LuaError("malformed pattern (missing ']')");
                    }
                    int d = p(pi++);
                    if (d == '%' && pi < pat.m_length) {
                        pi++;
                    }
                } while (pi >= pat.m_length || p(pi) != ']');
                return pi + 1;
            }
            return pi;
        }

        private boolean single(int c, int pi, int ep) {
            int k = p(pi);
            return switch (k) {
                case '.' -> true;
                case '%' -> classMatches(c, p(pi + 1));
                case '[' -> inSet(c, pi, ep - 1);
                default -> k == c;
            };
        }

        /** Whether {@code c} is in the set {@code [...]} from {@code open} to its {@code ]} at {@code close}. */
        private boolean inSet(int c, int open, int close) {
            int i = open + 1;
            boolean negated = false;
            if (p(i) == '^') {
                negated = true;
                i++;
            }
            boolean found = false;
            while (i < close && !found) {
                int k = p(i);
                if (k == '%' && i + 1 < close) {
                    found = classMatches(c, p(i + 1));
                    i += 2;
                } else if (i + 2 < close && p(i + 1) == '-') {
                    found = k <= c && c <= p(i + 2);
                    i += 3;
                } else {
                    found = k == c;
                    i++;
                }
            }
            return found != negated;
        }

        private static boolean classMatches(int c, int cl) {
            boolean r;
            switch (Character.toLowerCase(cl)) {
                case 'a' -> r = letter(c);
                case 'c' -> r = c < 32 || c == 127;
                case 'd' -> r = c >= '0' && c <= '9';
                case 'g' -> r = c > 32 && c < 127;
                case 'l' -> r = c >= 'a' && c <= 'z';
                case 'p' -> r = c > 32 && c < 127 && !letter(c) && !(c >= '0' && c <= '9');
                case 's' -> r = c == ' ' || (c >= 9 && c <= 13);
                case 'u' -> r = c >= 'A' && c <= 'Z';
                case 'w' -> r = letter(c) || (c >= '0' && c <= '9');
                case 'x' -> r = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                case 'z' -> r = c == 0; // deprecated in 5.2, still accepted
                default -> {
                    return cl == c;
                }
            }
            return Character.isUpperCase(cl) ? !r : r;
        }

        private static boolean letter(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private int longest(int si, int pi, int ep) {
            int n = 0;
            while (si + n < src.m_length && single(s(si + n), pi, ep)) {
                tick();
                n++;
            }
            for (; n >= 0; n--) {
                int r = match(si + n, ep + 1);
                if (r >= 0) {
                    return r;
                }
            }
            return -1;
        }

        private int shortest(int si, int pi, int ep) {
            while (true) {
                int r = match(si, ep + 1);
                if (r >= 0) {
                    return r;
                }
                if (si < src.m_length && single(s(si), pi, ep)) {
                    si++;
                } else {
                    return -1;
                }
            }
        }

        private int startCapture(int si, int pi, int what) {
            if (level >= MAX_CAPTURES) {
                throw new LuaError("too many captures");
            }
            capStart[level] = si;
            capLen[level] = what;
            level++;
            int r = match(si, pi);
            if (r < 0) {
                level--;
            }
            return r;
        }

        private int endCapture(int si, int pi) {
            int open = -1;
            for (int l = level - 1; l >= 0; l--) {
                if (capLen[l] == CAP_UNFINISHED) {
                    open = l;
                    break;
                }
            }
            if (open < 0) {
                throw new LuaError("invalid pattern capture");
            }
            capLen[open] = si - capStart[open];
            int r = match(si, pi);
            if (r < 0) {
                capLen[open] = CAP_UNFINISHED;
            }
            return r;
        }

        private int balance(int si, int pi) {
            if (pi + 1 >= pat.m_length) {
                throw new LuaError("malformed pattern (missing arguments to '%b')");
            }
            if (si >= src.m_length || s(si) != p(pi)) {
                return -1;
            }
            int open = p(pi);
            int close = p(pi + 1);
            int nesting = 1;
            for (int i = si + 1; i < src.m_length; i++) {
                tick();
                int c = s(i);
                if (c == close) {
                    if (--nesting == 0) {
                        return i + 1;
                    }
                } else if (c == open) {
                    nesting++;
                }
            }
            return -1;
        }

        private int backReference(int si, int digit) {
            int l = digit - '1';
            if (l < 0 || l >= level || capLen[l] == CAP_UNFINISHED) {
                throw new LuaError("invalid capture index %" + (l + 1));
            }
            int len = capLen[l];
            if (src.m_length - si < len) {
                return -1;
            }
            for (int k = 0; k < len; k++) {
                tick();
                if (s(capStart[l] + k) != s(si + k)) {
                    return -1;
                }
            }
            return si + len;
        }

        private LuaValue capture(int i, int start, int end) {
            if (i >= level) {
                if (i == 0) {
                    return part(start, end - start);
                }
                throw new LuaError("invalid capture index %" + (i + 1));
            }
            int l = capLen[i];
            if (l == CAP_UNFINISHED) {
                throw new LuaError("unfinished capture");
            }
            if (l == CAP_POSITION) {
                return LuaValue.valueOf(capStart[i] + 1);
            }
            return part(capStart[i], l);
        }

        /** The captures of a match, or the whole match when there are none and {@code wholeIfNone}. */
        Varargs captures(boolean wholeIfNone, int start, int end) {
            int n = level == 0 && wholeIfNone ? 1 : level;
            if (n == 0) {
                return LuaValue.NONE;
            }
            if (n == 1) {
                return capture(0, start, end);
            }
            LuaValue[] v = new LuaValue[n];
            for (int i = 0; i < n; i++) {
                v[i] = capture(i, start, end);
            }
            return LuaValue.varargsOf(v);
        }

        void replace(Output out, int start, int end, LuaValue repl) {
            LuaValue value;
            switch (repl.type()) {
                case LuaValue.TSTRING, LuaValue.TNUMBER -> {
                    LuaString r = repl.strvalue();
                    for (int i = 0; i < r.m_length; i++) {
                        byte b = r.m_bytes[r.m_offset + i];
                        if (b != '%') {
                            out.append(r.m_bytes, r.m_offset + i, 1);
                            continue;
                        }
                        i++;
                        int d = i < r.m_length ? r.m_bytes[r.m_offset + i] & 0xff : -1;
                        if (d == '%') {
                            out.append(r.m_bytes, r.m_offset + i, 1);
                        } else if (d >= '0' && d <= '9') {
                            LuaValue cap = d == '0' ? part(start, end - start) : capture(d - '1', start, end);
                            out.append(cap.strvalue());
                        } else {
                            throw new LuaError("invalid use of '%' in replacement string");
                        }
                    }
                    return;
                }
                case LuaValue.TTABLE -> value = repl.get(capture(0, start, end));
                default -> value = repl.invoke(captures(true, start, end)).arg1();
            }
            if (!value.toboolean()) {
                out.append(src.m_bytes, src.m_offset + start, end - start);
            } else if (value.isstring()) {
                out.append(value.strvalue());
            } else {
                throw new LuaError("invalid replacement value (a " + value.typename() + ")");
            }
        }
    }
}
