package ai.wippy.lua;

/**
 * Thrown out of Lua code when its thread is interrupted (deadline or cancellation). An {@link Error},
 * so that {@code pcall} in the script cannot swallow it; its cause is the interruption, which the
 * runtime turns into TIMEOUT or CANCELED.
 */
final class LuaInterrupted extends Error {
    LuaInterrupted() {
        super("Lua execution interrupted", new InterruptedException());
    }
}
