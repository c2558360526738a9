package ai.wippy.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A module's table ({@code funcs} and its executors): a plain Lua table that remembers its last
 * field read by a constant name, so that {@code funcs.call(...)} in a loop finds {@code call} with
 * one identity compare instead of LuaJ's hash lookup (whose slot and key calls are megamorphic
 * in a program with many tables). The compiled code ({@link LuaCodegen}, GETTABLE and GETTABUP
 * with a string constant) reads through {@link #field}; everything else sees an ordinary table.
 *
 * <p>The remembered pair is forgotten on every write that could change it: all stores into the
 * hash part end in {@link #hashset} (LuaJ's {@code rawset}, {@code set}, {@code table.insert} and
 * the rest), {@link #presize(int, int)} empties the table, and {@link #setmetatable} may make it
 * weak. A table with a metatable, a missing field and a key that is not a string are never
 * remembered: they take the ordinary {@code get}, metamethods and all.
 */
final class LuaModuleTable extends LuaTable {

    private LuaValue lastKey;
    private LuaValue lastValue;

    /** {@code this[key]} for a string constant {@code key}, as {@code get} would answer it. */
    LuaValue field(LuaValue key) {
        if (key == lastKey) {
            return lastValue;
        }
        LuaValue v = get(key);
        if (m_metatable == null && key instanceof LuaString && !v.isnil()) {
            lastValue = v;
            lastKey = key;
        }
        return v;
    }

    private void forget() {
        lastKey = null;
        lastValue = null;
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        forget();
        super.hashset(key, value);
    }

    @Override
    public void presize(int narray, int nhash) {
        forget();
        super.presize(narray, nhash);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        forget();
        return super.setmetatable(metatable);
    }
}
