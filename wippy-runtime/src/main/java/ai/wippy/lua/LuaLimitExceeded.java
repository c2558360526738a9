package ai.wippy.lua;

/**
 * Thrown out of Lua code that would go past its memory budget ({@code limits.max_memory_mb}). An
 * {@link Error}, like {@link LuaInterrupted}, so that {@code pcall} in the script cannot swallow it;
 * the runtime turns it into kind TRAPPED with this message.
 */
final class LuaLimitExceeded extends Error {
    LuaLimitExceeded(String message) {
        super(message, null, false, false);
    }
}
