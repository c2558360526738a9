package ai.wippy.runtime;

import ai.wippy.engine.EngineMode;
import java.util.Map;

/**
 * Runtime-wide settings.
 *
 * @param engineMode compiler (default) or interpreter
 * @param strictSecurity deny calls that have no actor or no scope
 * @param workerClasses sizes of named worker classes (threads each), added to those entries declare
 * @param memory how much heap guests may claim (guest memory ceilings, lifting, pools at boot)
 */
public record RuntimeSettings(
        EngineMode engineMode, boolean strictSecurity, Map<String, Integer> workerClasses, MemorySettings memory) {

    public RuntimeSettings {
        workerClasses = workerClasses == null ? Map.of() : Map.copyOf(workerClasses);
        memory = memory == null ? MemorySettings.defaults() : memory;
    }

    /** Settings with the default memory bounds. */
    public RuntimeSettings(EngineMode engineMode, boolean strictSecurity, Map<String, Integer> workerClasses) {
        this(engineMode, strictSecurity, workerClasses, null);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(EngineMode.COMPILER, false, Map.of());
    }
}
