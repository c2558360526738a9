package ai.wippy.lua;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
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
        return create(modules, guard, null);
    }

    /**
     * As {@link #create(Map, LuaGuard)}, with Wippy's {@code process} and {@code channel} globals of
     * {@code scope} (made on first use; {@code require} returns them too).
     */
    static Globals create(Map<String, Supplier<LuaValue>> modules, LuaGuard guard, LuaProcessScope scope) {
        LuaSharedTables.install();
        Globals g = new Globals();
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        LoadState.install(g);
        LuaC.install(g);
        guard.install(g);
        LuaSafeLibs.install((LuaTable) g.get("string"), (LuaTable) g.get("table"), guard);

        for (String name : new String[] {"dofile", "loadfile", "collectgarbage", "print"}) {
            g.set(name, LuaValue.NIL);
        }
        g.get("string").set("dump", LuaValue.NIL);
        g.set("load", new VarArgFunction() {
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
                return LuaValue.valueOf(
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString());
            }
        });
        g.set("os", os);

        LuaTable loaded = (LuaTable) g.get("package").get("loaded");
        for (String name : new String[] {"io", "os", "debug", "luajava", "coroutine"}) {
            loaded.set(name, LuaValue.NIL);
        }
        g.set("package", LuaValue.NIL);
        g.set("require", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue name) {
                String n = name.checkjstring();
                LuaValue cached = loaded.get(n);
                if (!cached.isnil() && !n.equals("string") && !n.equals("table") && !n.equals("math")) {
                    return cached;
                }
                Supplier<LuaValue> module = modules.get(n);
                if (scope != null && (n.equals("process") || n.equals("channel"))) {
                    LuaValue value = n.equals("process") ? scope.table() : scope.channelModule();
                    loaded.set(n, value);
                    return value;
                }
                if (module == null) {
                    throw new LuaError("module '" + n + "' is not available: list it in the entry's modules (granted: "
                            + modules.keySet() + ")");
                }
                LuaValue value = module.get();
                loaded.set(n, value);
                return value;
            }
        });
        if (scope != null) {
            LuaTable lazy = new LuaTable();
            lazy.set("__index", new org.luaj.vm2.lib.TwoArgFunction() {
                @Override
                public LuaValue call(LuaValue table, LuaValue key) {
                    if (!key.isstring()) {
                        return LuaValue.NIL;
                    }
                    String k = key.tojstring();
                    LuaValue value;
                    if (k.equals("process")) {
                        value = scope.table();
                    } else if (k.equals("channel")) {
                        value = scope.channelModule();
                    } else {
                        return LuaValue.NIL;
                    }
                    table.rawset(key, value);
                    return value;
                }
            });
            g.setmetatable(lazy);
        }
        return g;
    }
}
