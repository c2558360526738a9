package ai.wippy.runtime;

import ai.wippy.engine.EngineMode;
import java.util.Map;

/**
 * Runtime-wide settings.
 *
 * @param engineMode compiler (default) or interpreter
 * @param strictSecurity deny calls that have no actor or no scope
 * @param workerClasses sizes of named worker classes (threads each), added to those entries declare
 */
public record RuntimeSettings(EngineMode engineMode, boolean strictSecurity, Map<String, Integer> workerClasses) {

    public RuntimeSettings {
        workerClasses = workerClasses == null ? Map.of() : Map.copyOf(workerClasses);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(EngineMode.COMPILER, false, Map.of());
    }
}
