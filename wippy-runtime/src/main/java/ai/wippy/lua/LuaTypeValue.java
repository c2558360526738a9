package ai.wippy.lua;

import ai.wippy.call.ErrorKind;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A type declared with {@code type Name = ...} as a Lua value, as Wippy's types page describes it:
 * {@code Name(v)} validates {@code v} and returns it (raising an {@code INVALID} error naming the
 * field that does not match), {@code Name:is(v)} returns {@code (v, nil)} or {@code (nil, err)}
 * without raising, {@code Name:kind()}, {@code Name:name()}, {@code Name:fields()} and
 * {@code Name.field} (a record field's type) reflect it. Named types inside it resolve, when first
 * validated, to the values those names had in the declaring chunk (other types, or a library's
 * exported ones); generic parameters accept anything.
 */
final class LuaTypeValue extends LuaUserdata {

    /** Parsed type texts (the text of each declaration of every compiled chunk); bounded. */
    private static final Map<String, LuaTypeSyntax.Type> PARSED = new ConcurrentHashMap<>();

    private static final int MAX_CACHED = 4096;

    private static final LuaTable META = new LuaTable();

    private final String name;
    private final LuaTypeSyntax.Type type;
    private final LuaValue resolver;
    private final java.util.List<String> params;
    private LuaValue scope;

    private LuaTypeValue(String name, LuaTypeSyntax.Type type, LuaValue resolver, java.util.List<String> params) {
        super(type, META);
        this.name = name;
        this.type = type;
        this.resolver = resolver;
        this.params = params;
    }

    private LuaTypeValue(String name, LuaTypeSyntax.Type type, LuaValue resolver) {
        this(name, type, resolver, java.util.List.of());
    }

    /** Where a type is checked: the declaration its names resolve in, and what its generic parameters stand for. */
    private record Ctx(LuaTypeValue owner, Map<String, Bound> bindings) {}

    private record Bound(LuaTypeSyntax.Type type, Ctx ctx) {}

    /** The global erased declarations call: {@code __wippy_type(name, text, generics, resolver)}. */
    static LuaValue constructor() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String name = args.checkjstring(1);
                String text = args.checkjstring(2);
                String generics = args.optjstring(3, "");
                LuaTypeSyntax.Type type = parse(text, generics);
                return new LuaTypeValue(
                        name,
                        type,
                        args.arg(4),
                        generics.isEmpty() ? java.util.List.of() : java.util.List.of(generics.split(",")));
            }
        };
    }

    private static LuaTypeSyntax.Type parse(String text, String generics) {
        String key = generics + "\u0000" + text;
        LuaTypeSyntax.Type cached = PARSED.get(key);
        if (cached != null) {
            return cached;
        }
        LuaTypeSyntax.Type type;
        try {
            type = LuaTypeSyntax.parse(text, generics.isEmpty() ? Set.of() : Set.of(generics.split(",")));
        } catch (LuaTypeSyntax.TypeSyntaxError e) {
            throw new LuaError("invalid type: " + e.getMessage());
        }
        if (PARSED.size() < MAX_CACHED) {
            PARSED.put(key, type);
        }
        return type;
    }

    private static LuaTypeValue self(LuaValue v) {
        if (v instanceof LuaTypeValue t) {
            return t;
        }
        throw new LuaError("expected a type value, got " + v.typename());
    }

    static {
        LuaTable methods = new LuaTable();
        methods.set("is", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue value) {
                String err = self(self).check(value);
                return err == null ? value : LuaValue.NIL;
            }

            @Override
            public Varargs invoke(Varargs args) {
                LuaValue value = args.arg(2);
                String err = self(args.arg1()).check(value);
                return err == null
                        ? LuaValue.varargsOf(value, LuaValue.NIL)
                        : LuaValue.varargsOf(LuaValue.NIL, LuaErrors.of(ErrorKind.INVALID, err));
            }
        });
        methods.set("kind", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(kind(self(self).type));
            }
        });
        methods.set("name", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(self(self).name);
            }
        });
        methods.set("fields", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                LuaTypeValue t = self(self);
                java.util.List<LuaTypeSyntax.Field> fields =
                        t.type instanceof LuaTypeSyntax.Table table ? table.fields() : java.util.List.of();
                int[] next = {0};
                return new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs ignored) {
                        if (next[0] >= fields.size()) {
                            return LuaValue.NIL;
                        }
                        LuaTypeSyntax.Field f = fields.get(next[0]++);
                        return LuaValue.varargsOf(
                                LuaValue.valueOf(f.name()),
                                new LuaTypeValue(
                                        f.name(),
                                        f.optional() ? new LuaTypeSyntax.Optional(f.type()) : f.type(),
                                        t.resolver));
                    }
                };
            }
        });
        META.set("__index", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                LuaValue m = methods.get(key);
                if (!m.isnil()) {
                    return m;
                }
                LuaTypeValue t = self(self);
                if (key.isstring() && t.type instanceof LuaTypeSyntax.Table table) {
                    for (LuaTypeSyntax.Field f : table.fields()) {
                        if (f.name().equals(key.tojstring())) {
                            return new LuaTypeValue(
                                    f.name(),
                                    f.optional() ? new LuaTypeSyntax.Optional(f.type()) : f.type(),
                                    t.resolver);
                        }
                    }
                }
                return LuaValue.NIL;
            }
        });
        META.set("__call", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue value) {
                String err = self(self).check(value);
                if (err != null) {
                    throw new LuaError(LuaErrors.of(ErrorKind.INVALID, err));
                }
                return value;
            }
        });
        META.set("__tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf("type " + self(self).name);
            }
        });
        META.set("__metatable", LuaValue.FALSE);
    }

    static String kind(LuaTypeSyntax.Type type) {
        return switch (type) {
            case LuaTypeSyntax.Prim p -> p.name();
            case LuaTypeSyntax.Param p -> "any";
            case LuaTypeSyntax.Ref r -> "ref";
            case LuaTypeSyntax.Literal l -> "literal";
            case LuaTypeSyntax.Optional o -> "optional";
            case LuaTypeSyntax.Union u -> "union";
            case LuaTypeSyntax.Intersection i -> "intersection";
            case LuaTypeSyntax.Table t ->
                !t.fields().isEmpty() ? "record" : t.array() != null ? "array" : t.key() != null ? "map" : "record";
            case LuaTypeSyntax.Function f -> "function";
            case LuaTypeSyntax.Tuple t -> "tuple";
            case LuaTypeSyntax.Validated v -> kind(v.inner());
            case LuaTypeSyntax.TypeOf t -> "ref";
        };
    }

    /** Why {@code value} is not of this type, or null when it is. */
    String check(LuaValue value) {
        return check(type, value, "", 0, new Ctx(this, Map.of()));
    }

    private LuaValue scope() {
        if (scope == null) {
            scope = resolver.isfunction() ? resolver.call() : LuaValue.NIL;
        }
        return scope;
    }

    private static final int MAX_DEPTH = 64;

    private String check(LuaTypeSyntax.Type type, LuaValue v, String path, int depth, Ctx ctx) {
        if (depth > MAX_DEPTH) {
            return at(path) + "nesting deeper than " + MAX_DEPTH;
        }
        switch (type) {
            case LuaTypeSyntax.Prim p -> {
                return prim(p.name(), v) ? null : at(path) + "expected " + p.name() + ", got " + describe(v);
            }
            case LuaTypeSyntax.Literal l -> {
                LuaValue want = l.value() instanceof String s
                        ? LuaValue.valueOf(s)
                        : l.value() instanceof Boolean b ? LuaValue.valueOf(b) : LuaValue.valueOf((Double) l.value());
                return v.raweq(want) ? null : at(path) + "expected " + want.tojstring() + ", got " + describe(v);
            }
            case LuaTypeSyntax.Optional o -> {
                return v.isnil() ? null : check(o.inner(), v, path, depth + 1, ctx);
            }
            case LuaTypeSyntax.Union u -> {
                String first = null;
                for (LuaTypeSyntax.Type m : u.members()) {
                    String err = check(m, v, path, depth + 1, ctx);
                    if (err == null) {
                        return null;
                    }
                    first = first == null ? err : first;
                }
                return at(path) + "matches no member of the union (" + first + ")";
            }
            case LuaTypeSyntax.Intersection i -> {
                for (LuaTypeSyntax.Type m : i.members()) {
                    String err = check(m, v, path, depth + 1, ctx);
                    if (err != null) {
                        return err;
                    }
                }
                return null;
            }
            case LuaTypeSyntax.Table t -> {
                return table(t, v, path, depth, ctx);
            }
            case LuaTypeSyntax.Function f -> {
                return v.isfunction() || v instanceof LuaTypeValue
                        ? null
                        : at(path) + "expected function, got " + describe(v);
            }
            case LuaTypeSyntax.Tuple t -> {
                return t.members().isEmpty() ? null : check(t.members().get(0), v, path, depth + 1, ctx);
            }
            case LuaTypeSyntax.Validated val -> {
                String err = check(val.inner(), v, path, depth + 1, ctx);
                return err != null ? err : validators(val, v, path);
            }
            case LuaTypeSyntax.Param p -> {
                Bound b = ctx.bindings().get(p.name());
                return b == null ? null : check(b.type(), v, path, depth + 1, b.ctx());
            }
            case LuaTypeSyntax.Ref r -> {
                LuaValue target = ctx.owner().resolve(r.path());
                if (target instanceof LuaTypeValue other) {
                    Map<String, Bound> bindings = new java.util.HashMap<>();
                    for (int k = 0; k < other.params.size() && k < r.args().size(); k++) {
                        bindings.put(other.params.get(k), new Bound(r.args().get(k), ctx));
                    }
                    return other.check(other.type, v, path, depth + 1, new Ctx(other, bindings));
                }
                return null; // not a type this chunk can see: unchecked, as a gradual type would be
            }
            case LuaTypeSyntax.TypeOf t -> {
                return null;
            }
        }
    }

    private LuaValue resolve(java.util.List<String> path) {
        LuaValue s = scope();
        if (!s.istable()) {
            return LuaValue.NIL;
        }
        LuaValue v = s.get(path.get(0));
        for (int k = 1; k < path.size() && !v.isnil(); k++) {
            v = v.istable() || v instanceof LuaTypeValue ? v.get(path.get(k)) : LuaValue.NIL;
        }
        return v;
    }

    private String table(LuaTypeSyntax.Table t, LuaValue v, String path, int depth, Ctx ctx) {
        if (!v.istable()) {
            return at(path) + "expected table, got " + describe(v);
        }
        for (LuaTypeSyntax.Field f : t.fields()) {
            LuaValue fv = v.get(f.name());
            String fpath = path.isEmpty() ? f.name() : path + "." + f.name();
            if (fv.isnil()) {
                if (f.optional() || acceptsNil(f.type(), ctx)) {
                    continue;
                }
                return "missing required field '" + fpath + "'";
            }
            String err = check(f.type(), fv, fpath, depth + 1, ctx);
            if (err != null) {
                return err;
            }
        }
        if (t.array() != null) {
            int n = v.length();
            for (int k = 1; k <= n; k++) {
                String err = check(t.array(), v.get(k), path + "[" + k + "]", depth + 1, ctx);
                if (err != null) {
                    return err;
                }
            }
        }
        if (t.key() != null) {
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = v.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                String kp = path + "[" + k.tojstring() + "]";
                String err = check(t.key(), k, kp + " (key)", depth + 1, ctx);
                if (err == null) {
                    err = check(t.value(), n.arg(2), kp, depth + 1, ctx);
                }
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    private boolean acceptsNil(LuaTypeSyntax.Type t, Ctx ctx) {
        return check(t, LuaValue.NIL, "", MAX_DEPTH - 4, ctx) == null;
    }

    private static boolean prim(String name, LuaValue v) {
        return switch (name) {
            case "number" -> v.type() == LuaValue.TNUMBER;
            case "integer" ->
                v.type() == LuaValue.TNUMBER
                        && v.todouble() == Math.rint(v.todouble())
                        && !Double.isInfinite(v.todouble());
            case "string" -> v.type() == LuaValue.TSTRING;
            case "boolean" -> v.isboolean();
            case "nil" -> v.isnil();
            case "never" -> false;
            case "table" -> v.istable();
            case "function" -> v.isfunction();
            case "userdata" -> v.isuserdata();
            case "thread" -> v.isthread();
            default -> true; // any, unknown, error, self
        };
    }

    private static String validators(LuaTypeSyntax.Validated val, LuaValue v, String path) {
        for (LuaTypeSyntax.Validator d : val.validators()) {
            Object arg = d.args().isEmpty() ? null : d.args().get(0);
            double n = arg instanceof Number num ? num.doubleValue() : Double.NaN;
            switch (d.name()) {
                case "min" -> {
                    if (v.isnumber() && v.todouble() < n) {
                        return at(path) + v.tojstring() + " is below the minimum "
                                + LuaValue.valueOf(n).tojstring();
                    }
                }
                case "max" -> {
                    if (v.isnumber() && v.todouble() > n) {
                        return at(path) + v.tojstring() + " is above the maximum "
                                + LuaValue.valueOf(n).tojstring();
                    }
                }
                case "min_len" -> {
                    if ((v.isstring() || v.istable()) && v.length() < n) {
                        return at(path) + "length must be at least "
                                + LuaValue.valueOf(n).tojstring();
                    }
                }
                case "max_len" -> {
                    if ((v.isstring() || v.istable()) && v.length() > n) {
                        return at(path) + "length must be at most "
                                + LuaValue.valueOf(n).tojstring();
                    }
                }
                case "pattern" -> {
                    if (v.type() == LuaValue.TSTRING && arg instanceof String regex) {
                        Pattern p;
                        try {
                            p = Pattern.compile(regex);
                        } catch (PatternSyntaxException e) {
                            throw new LuaError("@pattern: invalid pattern " + regex);
                        }
                        if (!p.matcher(new Interruptible(v.tojstring())).find()) {
                            return at(path) + "does not match pattern " + regex;
                        }
                    }
                }
                default -> {
                    // annotations the checker reads (e.g. @example) carry no runtime constraint
                }
            }
        }
        return null;
    }

    /**
     * The text a {@code @pattern} is matched on: matching stops when the call's thread is
     * interrupted (its deadline), so a backtracking pattern cannot outlive {@code max_execution_ms}.
     */
    private record Interruptible(CharSequence text) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LuaInterrupted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Interruptible(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : "field '" + path + "': ";
    }

    private static String describe(LuaValue v) {
        return v.isstring() && v.type() == LuaValue.TSTRING ? "string" : v.typename();
    }
}
