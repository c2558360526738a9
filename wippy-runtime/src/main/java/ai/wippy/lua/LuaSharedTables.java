package ai.wippy.lua;

import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The one piece of Lua state LuaJ shares between all scripts of the JVM: the string metatable
 * ({@code LuaString.s_metatable}, static), through which {@code ("x"):upper()} finds its methods.
 *
 * <p>It is installed once and never changes: a read-only table whose {@code __index} is a read-only
 * view of the <em>current call's own</em> {@code string} table (the call running on this thread,
 * {@link LuaGuard#current()}). So {@code function string.trim(s) ... end} followed by
 * {@code s:trim()} works inside a call, while neither {@code string.upper = ...},
 * {@code getmetatable("").__index = ...}, {@code getmetatable("").__index.upper = ...} nor
 * {@code rawset} on either table can change what another call (of the same entry or another) sees:
 * the writes to the shared tables fail with "attempt to modify a read-only table".
 */
final class LuaSharedTables {

    /** What string methods resolve to when no Lua call runs on the thread: LuaJ's own, read-only. */
    private static final LuaTable FALLBACK;

    static final LuaTable STRING_METATABLE;

    static {
        org.luaj.vm2.Globals scratch = new org.luaj.vm2.Globals();
        scratch.load(new org.luaj.vm2.lib.PackageLib());
        LuaValue previous = LuaString.s_metatable;
        scratch.load(new org.luaj.vm2.lib.StringLib());
        LuaString.s_metatable = previous;
        LuaTable lib = (LuaTable) scratch.get("string");
        lib.set("dump", LuaValue.NIL);
        FALLBACK = new ReadOnlyView("string", () -> lib);
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, new ReadOnlyView("string", LuaSharedTables::currentStrings));
        STRING_METATABLE = new ReadOnlyView("string metatable", () -> mt);
    }

    private LuaSharedTables() {}

    /** Makes sure the string metatable is ours (called before every Lua run; cheap). */
    static void install() {
        if (LuaString.s_metatable != STRING_METATABLE) {
            LuaString.s_metatable = STRING_METATABLE;
        }
    }

    private static LuaTable currentStrings() {
        LuaGuard guard = LuaGuard.current();
        LuaTable lib = guard == null ? null : guard.stringLib();
        return lib == null ? FALLBACK : lib;
    }

    static LuaError readOnly(String name) {
        return new LuaError("attempt to modify a read-only table '" + name
                + "': it is shared by every Lua call; change this call's own tables instead (e.g. string.x = ...)");
    }

    /**
     * A table that reads {@code content} (the table its supplier answers at the moment of the read) and
     * refuses every write. It stores nothing itself, so the few entry points LuaJ's reads and writes all
     * pass through are the only ones to take over: {@code get}, {@code inext} and {@code length} end in
     * {@code rawget} or {@code rawlen} (a table without a metatable, and this one refuses to get one);
     * {@code set}, {@code insert} and {@code remove} end in {@code rawset}. What works on a table's own
     * storage without those ({@code sort}, {@code presize}) finds it empty, and no read sees it.
     */
    private static final class ReadOnlyView extends LuaTable {
        private final String name;
        private final Supplier<LuaTable> content;

        ReadOnlyView(String name, Supplier<LuaTable> content) {
            this.name = name;
            this.content = content;
        }

        @Override
        public LuaValue rawget(LuaValue key) {
            return content.get().rawget(key);
        }

        @Override
        public LuaValue rawget(int key) {
            return rawget(LuaInteger.valueOf(key));
        }

        @Override
        public Varargs next(LuaValue key) {
            return content.get().next(key);
        }

        @Override
        public int rawlen() {
            return content.get().rawlen();
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            throw readOnly(name);
        }

        @Override
        public void rawset(int key, LuaValue value) {
            rawset(LuaInteger.valueOf(key), value);
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            throw readOnly(name);
        }
    }
}
