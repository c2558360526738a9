package ai.wippy.lua;

import java.io.ByteArrayInputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Globals for one call, built by absence: the base library without {@code dofile}/{@code loadfile},
 * {@code load} of text chunks only, {@code string} without {@code dump}, {@code table}, {@code math},
 * {@code bit32}, an {@code os} with only {@code time}, {@code clock} and {@code date}; no {@code io},
 * {@code debug} or {@code luajava}. {@code require} resolves only the modules the entry lists. The
 * call's {@link LuaGuard} (installed from Java as the debug library, not reachable from the script)
 * stops the script when its thread is interrupted or its memory budget would be passed; the
 * {@code string} and {@code table} built-ins that loop or allocate are the guarded ones of {@link
 * LuaSafeLibs}. Every table here is this call's own; the only shared one, the string metatable, is
 * read-only ({@link LuaSharedTables}).
 */
final class LuaSandbox {

    private LuaSandbox() {}

    static Globals create(Map<String, Supplier<LuaValue>> modules, LuaGuard guard) {
        return create(LuaScope.of(modules), guard, null);
    }

    static Globals create(LuaScope scope, LuaGuard guard) {
        return create(scope, guard, null);
    }

    /**
     * As {@link #create(LuaScope, LuaGuard)}, with Wippy's {@code process} and {@code channel} globals
     * of {@code process} (made on first use; {@code require} returns them too) when it is not null.
     */
    static Globals create(LuaScope scope, LuaGuard guard, LuaProcessScope process) {
        LuaSharedTables.install();
        Globals g = new Globals();
        // the functions that hold no state come from the blueprint, the others are made for this call
        g.presize(0, Library.BASE.keys.length + PER_CALL_GLOBALS);
        Library.BASE.fill(g);
        g.rawset(G, g);
        BaseLib base = new JseBaseLib();
        Library.bind(base, g);
        LuaTable loaded = new LuaTable(0, 8);
        loaded.rawset(G, g);
        Library.BIT32.install(g, loaded);
        LuaTable table = Library.TABLE.install(g, loaded);
        LuaTable string = Library.STRING.install(g, loaded);
        Library.random(Library.MATH.install(g, loaded));
        Library.OS.install(g, null);
        LoadState.install(g);
        LuaC.install(g);
        guard.install(g);
        LuaSafeLibs.install(string, table, guard);
        g.rawset(LOAD, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue chunk = args.arg1();
                if (!chunk.isstring()) {
                    return LuaValue.varargsOf(
                            LuaValue.NIL, LuaValue.valueOf("load: only text chunks (strings) are allowed"));
                }
                String name = args.optjstring(2, "=(load)");
                LuaValue env = args.arg(4).istable() ? args.arg(4) : g;
                guard.allocate(chunk.strvalue().m_length * 8L, "compiling a chunk");
                try {
                    // compiled against the call's globals, so the guard sees its instructions, whatever its _ENV
                    LuaValue f = g.load(
                            new ByteArrayInputStream(chunk.tojstring().getBytes(StandardCharsets.ISO_8859_1)),
                            name,
                            "t",
                            g);
                    if (env != g && f instanceof LuaClosure c && c.upValues.length > 0) {
                        c.upValues[0].setValue(env);
                    }
                    return f;
                } catch (LuaError e) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
                }
            }
        });
        new Requirer(g, loaded, guard, process).install(scope);
        if (process != null) {
            LuaTable lazy = new LuaTable(0, 1);
            lazy.rawset(LuaValue.INDEX, new org.luaj.vm2.lib.TwoArgFunction() {
                @Override
                public LuaValue call(LuaValue table, LuaValue key) {
                    if (!key.isstring()) {
                        return LuaValue.NIL;
                    }
                    LuaValue value = processGlobal(process, key.tojstring());
                    if (value != null) {
                        table.rawset(key, value);
                        return value;
                    }
                    return LuaValue.NIL;
                }
            });
            g.setmetatable(lazy);
        }
        return g;
    }

    /** The {@code string} table of globals just made by {@link #create} (before a script ran in them). */
    static LuaTable strings(Globals g) {
        return (LuaTable) g.rawget(Library.STRING.name);
    }

    private static final LuaString G = LuaString.valueOf("_G");
    private static final LuaString LOAD = LuaString.valueOf("load");
    private static final LuaString REQUIRE = LuaString.valueOf("require");
    private static final LuaString PCALL = LuaString.valueOf("pcall");
    private static final LuaString XPCALL = LuaString.valueOf("xpcall");

    /** The globals made per call on top of {@link Library#BASE}: _G, pcall, xpcall, load, require and the five library tables. */
    private static final int PER_CALL_GLOBALS = 10;

    /**
     * What every call's tables are made of, built once by LuaJ's own loaders: the functions that hold
     * no state (the base library's but {@code pcall} and {@code xpcall}, which report to the call's
     * guard; {@code string}, {@code table}, {@code bit32}, {@code math} but its generator; {@code os}'s
     * three), kept as keys and values. Every call gets fresh tables of its own, presized, holding the
     * same function objects (a function has nothing a script can change), so what one call does to its
     * tables no other call sees, and no call pays for making the functions or hashing their names again
     * ({@code bit32} makes each by reflection). Left out, as the sandbox has no files or binary chunks:
     * {@code dofile}, {@code loadfile}, {@code print}, {@code collectgarbage}, {@code string.dump},
     * the {@code package} library ({@code require} is the call's own); {@code math.random} and {@code
     * math.randomseed} are made per call (their generator is state).
     */
    private record Library(LuaString name, LuaValue[] keys, LuaValue[] values) {

        static final Library BASE = base();
        static final Library BIT32 = of("bit32", new Bit32Lib());
        static final Library TABLE = of("table", new TableLib());
        static final Library STRING = of("string", new StringLib());
        /** {@code math} but {@code random} and {@code randomseed}, which share a generator: made per call. */
        static final Library MATH = of("math", new JseMathLib());

        static final Library OS = os();

        private static final LuaString K_RANDOM = LuaString.valueOf("random");
        private static final LuaString K_RANDOMSEED = LuaString.valueOf("randomseed");
        private static final MethodHandle RANDOM;
        private static final MethodHandle RANDOMSEED;
        private static final MethodHandle PCALL_OF;
        private static final MethodHandle XPCALL_OF;
        /** BaseLib's own globals, which its pcall and xpcall read; LuaJ sets it only when it loads the library. */
        private static final VarHandle BASE_GLOBALS;

        static {
            try {
                MethodHandles.Lookup here = MethodHandles.lookup();
                // LuaJ's own math.random and math.randomseed (package-private classes of its MathLib)
                Class<?> random = Class.forName("org.luaj.vm2.lib.MathLib$random");
                Class<?> seed = Class.forName("org.luaj.vm2.lib.MathLib$randomseed");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(random, here);
                RANDOM = lookup.findConstructor(random, MethodType.methodType(void.class));
                RANDOMSEED = lookup.findConstructor(seed, MethodType.methodType(void.class, random));
                // and the base library's pcall and xpcall, inner classes of the BaseLib they report through
                Class<?> pcall = Class.forName("org.luaj.vm2.lib.BaseLib$pcall");
                Class<?> xpcall = Class.forName("org.luaj.vm2.lib.BaseLib$xpcall");
                MethodHandles.Lookup baseLookup = MethodHandles.privateLookupIn(BaseLib.class, here);
                PCALL_OF = baseLookup
                        .findConstructor(pcall, MethodType.methodType(void.class, BaseLib.class))
                        .asType(MethodType.methodType(LuaValue.class, BaseLib.class));
                XPCALL_OF = baseLookup
                        .findConstructor(xpcall, MethodType.methodType(void.class, BaseLib.class))
                        .asType(MethodType.methodType(LuaValue.class, BaseLib.class));
                BASE_GLOBALS = baseLookup.findVarHandle(BaseLib.class, "globals", Globals.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * Makes {@code base} the base library of {@code g}, as LuaJ's loader would, and puts its
         * {@code pcall} and {@code xpcall} (which tell {@code g}'s debug library, the call's guard, of
         * the frames they open) in {@code g}.
         */
        static void bind(BaseLib base, Globals g) {
            BASE_GLOBALS.set(base, g);
            g.baselib = base;
            g.finder = base;
            try {
                g.rawset(PCALL, (LuaValue) PCALL_OF.invokeExact(base));
                g.rawset(XPCALL, (LuaValue) XPCALL_OF.invokeExact(base));
            } catch (Throwable e) {
                throw new IllegalStateException("LuaJ's pcall and xpcall", e);
            }
        }

        /** Puts {@code math.random} and {@code math.randomseed} of a generator of this call's own in {@code math}. */
        static void random(LuaTable math) {
            try {
                Object r = RANDOM.invoke();
                math.rawset(K_RANDOM, (LuaValue) r);
                math.rawset(K_RANDOMSEED, (LuaValue) RANDOMSEED.invoke(r));
            } catch (Throwable e) {
                throw new IllegalStateException("LuaJ's math.random", e);
            }
        }

        private static Library of(String name, LuaValue library) {
            LuaSharedTables.install(); // before StringLib, which would install its own string metatable
            Globals scratch = new Globals();
            scratch.load(new PackageLib());
            scratch.load(library);
            return ofTable(name, (LuaTable) scratch.get(name), "dump", "random", "randomseed");
        }

        /** The base library's functions that hold no state, the type constructor and {@code _VERSION}. */
        private static Library base() {
            Globals scratch = new Globals();
            scratch.load(new JseBaseLib());
            scratch.set(LuaTypes.TYPE_FUNCTION, LuaTypeValue.constructor());
            return ofTable(
                    "_G", scratch, "_G", "pcall", "xpcall", "load", "dofile", "loadfile", "print", "collectgarbage");
        }

        /** {@code os} with only {@code time}, {@code clock} and {@code date}. */
        private static Library os() {
            LuaTable os = new LuaTable();
            os.set("time", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    return LuaValue.valueOf((double) (System.currentTimeMillis() / 1000));
                }
            });
            os.set("clock", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    return LuaValue.valueOf(System.nanoTime() / 1e9);
                }
            });
            os.set("date", new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue format) {
                    return LuaValue.valueOf(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                            .toString());
                }
            });
            return ofTable("os", os);
        }

        private static Library ofTable(String name, LuaTable t, String... without) {
            List<LuaValue> keys = new ArrayList<>();
            List<LuaValue> values = new ArrayList<>();
            Set<String> left = Set.of(without);
            for (LuaValue k = LuaValue.NIL; ; ) {
                Varargs n = t.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                if (!left.contains(k.tojstring())) {
                    keys.add(k);
                    values.add(n.arg(2));
                }
            }
            return new Library(LuaString.valueOf(name), keys.toArray(LuaValue[]::new), values.toArray(LuaValue[]::new));
        }

        /** Puts this library's functions in {@code t}. */
        void fill(LuaTable t) {
            for (int i = 0; i < keys.length; i++) {
                t.rawset(keys[i], values[i]);
            }
        }

        /** A fresh table of this library's functions, as {@code name} in {@code g} and {@code loaded} (when given). */
        LuaTable install(Globals g, LuaTable loaded) {
            // room for the per-call functions of math (random, randomseed)
            LuaTable t = new LuaTable(0, keys.length + 2);
            fill(t);
            g.rawset(name, t);
            if (loaded != null) {
                loaded.rawset(name, t);
            }
            return t;
        }
    }

    /** Wippy's {@code process} or {@code channel} module of {@code process}, or null for another name. */
    private static LuaValue processGlobal(LuaProcessScope process, String name) {
        return switch (name) {
            case "process" -> process.table();
            case "channel" -> process.channelModule();
            default -> null;
        };
    }

    /**
     * {@code require} for one call: the entry's own scope resolves through the globals, each imported
     * library's code through its own. A module or library is built once per call and scope; a
     * library's chunk runs in an environment of its own (reads fall through to the call's globals,
     * writes stay in it), compiled against the call's globals so the call's guard sees every
     * instruction and allocation it makes.
     */
    private static final class Requirer {
        private final Globals g;
        private final LuaTable loaded;
        private final LuaGuard guard;
        private final LuaProcessScope process;
        private final Map<LuaScope, Map<String, LuaValue>> modules = new IdentityHashMap<>();
        private final Map<LuaLibrary, LuaValue> libraries = new IdentityHashMap<>();
        private final Set<LuaLibrary> running = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        Requirer(Globals g, LuaTable loaded, LuaGuard guard, LuaProcessScope process) {
            this.g = g;
            this.loaded = loaded;
            this.guard = guard;
            this.process = process;
        }

        void install(LuaScope scope) {
            g.rawset(REQUIRE, requireFor(scope, true));
        }

        private OneArgFunction requireFor(LuaScope scope, boolean main) {
            return new OneArgFunction() {
                @Override
                public LuaValue call(LuaValue name) {
                    return require(scope, main, name.checkjstring());
                }
            };
        }

        private LuaValue require(LuaScope scope, boolean main, String n) {
            LuaValue global = process == null ? null : processGlobal(process, n);
            if (global != null) {
                return global;
            }
            LuaLibrary library = scope.imports().get(n);
            if (library != null) {
                return library(library);
            }
            Map<String, LuaValue> own = modules.computeIfAbsent(scope, s -> new HashMap<>());
            LuaValue cached = own.get(n);
            if (cached != null) {
                return cached;
            }
            if (main) {
                LuaValue builtin = loaded.get(n);
                if (!builtin.isnil() && !n.equals("string") && !n.equals("table") && !n.equals("math")) {
                    return builtin;
                }
            }
            Supplier<LuaValue> module = scope.modules().get(n);
            if (module == null) {
                throw new LuaError("module '" + n + "' is not available to " + scope.owner()
                        + ": list it in the entry's modules (granted: "
                        + scope.modules().keySet()
                        + ") or bind a library.lua in its imports (imported: "
                        + scope.imports().keySet() + ")");
            }
            LuaValue value = module.get();
            own.put(n, value);
            if (main) {
                loaded.set(n, value);
            }
            return value;
        }

        private LuaValue library(LuaLibrary library) {
            LuaValue cached = libraries.get(library);
            if (cached != null) {
                return cached;
            }
            if (!running.add(library)) {
                throw new LuaError("library " + library.id() + " requires itself while it loads");
            }
            try {
                guard.allocate(64L, "a library's environment");
                LuaTable env = new LuaTable();
                LuaTable meta = new LuaTable();
                meta.rawset(LuaValue.INDEX, g);
                env.setmetatable(meta);
                env.rawset("require", requireFor(library.scope(), false));
                LuaClosure chunk = library.code().closure(g);
                if (chunk.upValues.length > 0) {
                    chunk.upValues[0].setValue(env);
                }
                LuaValue value = chunk.call();
                if (value.isnil()) {
                    value = LuaValue.TRUE;
                }
                libraries.put(library, value);
                return value;
            } finally {
                running.remove(library);
            }
        }
    }
}
