package ai.wippy.lua;

import ai.wippy.spi.RunningRegistry;
import ai.wippy.spi.RuntimeExtension;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.luaj.vm2.LuaValue;

/**
 * A module Lua code can {@code require} when its entry lists it in {@code modules}, beyond the
 * built-in funcs, ctx, json, logger and time: for example {@code security} or {@code process}.
 * Provide one as a builder service, a Spring bean, or with {@link java.util.ServiceLoader}.
 */
public interface LuaModule extends RuntimeExtension {

    /** The name scripts require. */
    String name();

    /** The module's value (usually a table of functions), created once per call that requires it. */
    LuaValue create(Supplier<RunningRegistry> runtime, String entryId);

    /** A module named {@code name} whose value {@code create} makes (given the runtime and the calling entry's id). */
    static LuaModule of(String name, BiFunction<Supplier<RunningRegistry>, String, LuaValue> create) {
        return new LuaModule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public LuaValue create(Supplier<RunningRegistry> runtime, String entryId) {
                return create.apply(runtime, entryId);
            }
        };
    }
}
