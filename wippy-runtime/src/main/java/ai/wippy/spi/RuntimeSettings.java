package ai.wippy.spi;

import ai.wippy.engine.EngineMode;
import java.util.Map;

/**
 * Runtime-wide settings.
 *
 * @param engineMode compiler (default) or interpreter
 * @param strictSecurity deny calls that have no actor or no scope
 * @param workerClasses sizes of named worker classes (threads each), added to those entries declare
 * @param denyUnscopedWithPolicies deny calls that have no actor or no scope as soon as the registry
 *     holds one {@code security.policy} or more: set where callers have identities (Spring Security),
 *     so that a call which lost its identity cannot pass the policies silently
 * @param memory how much heap guests may claim (guest memory ceilings, lifting, pools at boot)
 */
public record RuntimeSettings(
        EngineMode engineMode,
        boolean strictSecurity,
        Map<String, Integer> workerClasses,
        boolean denyUnscopedWithPolicies,
        MemorySettings memory) {

    public RuntimeSettings {
        workerClasses = workerClasses == null ? Map.of() : Map.copyOf(workerClasses);
        memory = memory == null ? MemorySettings.defaults() : memory;
    }

    /** Settings where calls with no actor or no scope pass unless {@code strictSecurity}, default memory bounds. */
    public RuntimeSettings(EngineMode engineMode, boolean strictSecurity, Map<String, Integer> workerClasses) {
        this(engineMode, strictSecurity, workerClasses, false, null);
    }

    /** Settings with the default memory bounds. */
    public RuntimeSettings(
            EngineMode engineMode,
            boolean strictSecurity,
            Map<String, Integer> workerClasses,
            boolean denyUnscopedWithPolicies) {
        this(engineMode, strictSecurity, workerClasses, denyUnscopedWithPolicies, null);
    }

    /** Settings where calls with no actor or no scope pass unless {@code strictSecurity}. */
    public RuntimeSettings(
            EngineMode engineMode, boolean strictSecurity, Map<String, Integer> workerClasses, MemorySettings memory) {
        this(engineMode, strictSecurity, workerClasses, false, memory);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(EngineMode.COMPILER, false, Map.of());
    }
}
