package ai.wippy.lua;

import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;

/**
 * A call's sandbox for tests that drive Lua without a registry: fresh globals (no modules) and their
 * guard with {@code budget}, the guard current on this thread until {@link #close()}.
 */
record LuaTestSandbox(LuaGuard guard, Globals globals, LuaGuard previous) implements AutoCloseable {

    static LuaTestSandbox open() {
        return open(64L << 20);
    }

    static LuaTestSandbox open(long budget) {
        LuaGuard guard = new LuaGuard(budget, "the test budget");
        Globals g = LuaSandbox.create(Map.of(), guard);
        return new LuaTestSandbox(guard, g, guard.enter((LuaTable) g.get("string")));
    }

    @Override
    public void close() {
        LuaGuard.exit(previous);
    }
}
