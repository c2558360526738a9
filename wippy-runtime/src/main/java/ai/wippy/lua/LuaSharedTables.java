package ai.wippy.lua;

import org.luaj.vm2.LuaError;
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

    private static final LuaTable STRING_VIEW;

    static final LuaTable STRING_METATABLE;

    static {
        org.luaj.vm2.Globals scratch = new org.luaj.vm2.Globals();
        scratch.load(new org.luaj.vm2.lib.PackageLib());
        LuaValue previous = LuaString.s_metatable;
        scratch.load(new org.luaj.vm2.lib.StringLib());
        LuaString.s_metatable = previous;
        LuaTable lib = (LuaTable) scratch.get("string");
        lib.set("dump", LuaValue.NIL);
        FALLBACK = ReadOnlyTable.copyOf(lib, "string");
        STRING_VIEW = new CurrentStringLib();
        LuaTable mt = new LuaTable();
        mt.set(LuaValue.INDEX, STRING_VIEW);
        STRING_METATABLE = ReadOnlyTable.copyOf(mt, "string metatable");
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

    /** A table whose every write fails; its content is fixed when it is made. */
    static class ReadOnlyTable extends LuaTable {
        private final String name;
        private boolean sealed;

        ReadOnlyTable(String name) {
            this.name = name;
        }

        static ReadOnlyTable copyOf(LuaTable source, String name) {
            ReadOnlyTable t = new ReadOnlyTable(name);
            for (LuaValue k = LuaValue.NIL; ; ) {
                Varargs n = source.next(k);
                k = n.arg1();
                if (k.isnil()) {
                    break;
                }
                t.rawset(k, n.arg(2));
            }
            t.sealed = true;
            return t;
        }

        void seal() {
            sealed = true;
        }

        private void refuse() {
            if (sealed) {
                throw readOnly(name);
            }
        }

        @Override
        public void set(int key, LuaValue value) {
            refuse();
            super.set(key, value);
        }

        @Override
        public void set(LuaValue key, LuaValue value) {
            refuse();
            super.set(key, value);
        }

        @Override
        public void rawset(int key, LuaValue value) {
            refuse();
            super.rawset(key, value);
        }

        @Override
        public void rawset(LuaValue key, LuaValue value) {
            refuse();
            super.rawset(key, value);
        }

        @Override
        public void hashset(LuaValue key, LuaValue value) {
            refuse();
            super.hashset(key, value);
        }

        @Override
        public LuaValue setmetatable(LuaValue metatable) {
            refuse();
            return super.setmetatable(metatable);
        }

        @Override
        public void insert(int pos, LuaValue value) {
            refuse();
            super.insert(pos, value);
        }

        @Override
        public LuaValue remove(int pos) {
            refuse();
            return super.remove(pos);
        }

        @Override
        public void sort(LuaValue comparator) {
            refuse();
            super.sort(comparator);
        }

        @Override
        public void presize(int narray) {
            refuse();
            super.presize(narray);
        }

        @Override
        public void presize(int narray, int nhash) {
            refuse();
            super.presize(narray, nhash);
        }
    }

    /** {@code getmetatable("").__index}: reads go to the current call's {@code string} table; writes fail. */
    private static final class CurrentStringLib extends ReadOnlyTable {
        CurrentStringLib() {
            super("string");
            seal();
        }

        @Override
        public LuaValue get(LuaValue key) {
            return currentStrings().get(key);
        }

        @Override
        public LuaValue get(int key) {
            return currentStrings().get(key);
        }

        @Override
        public LuaValue rawget(LuaValue key) {
            return currentStrings().rawget(key);
        }

        @Override
        public LuaValue rawget(int key) {
            return currentStrings().rawget(key);
        }

        @Override
        public Varargs next(LuaValue key) {
            return currentStrings().next(key);
        }

        @Override
        public int length() {
            return currentStrings().length();
        }

        @Override
        public int rawlen() {
            return currentStrings().rawlen();
        }
    }
}
