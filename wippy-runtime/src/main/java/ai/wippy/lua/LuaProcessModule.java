package ai.wippy.lua;

import ai.wippy.spi.RunningRegistry;
import java.util.function.Supplier;
import org.luaj.vm2.LuaValue;

/**
 * {@code require("process")}: the same table as the {@code process} global of the call (Wippy's
 * process module, see {@link LuaProcessScope}). Listing it in {@code modules} is accepted and not
 * needed.
 */
public final class LuaProcessModule {

    private LuaProcessModule() {}

    /** The {@code process} module ({@link LuaModule#of}). */
    public static LuaModule module() {
        return LuaModule.of("process", LuaProcessModule::create);
    }

    private static LuaValue create(Supplier<RunningRegistry> runtime, String entryId) {
        LuaProcessScope scope = LuaProcessScope.current();
        return scope != null ? scope.table() : new LuaProcessScope(runtime, entryId).table();
    }
}
