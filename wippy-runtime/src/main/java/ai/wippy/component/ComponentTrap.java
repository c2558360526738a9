package ai.wippy.component;

import com.dylibso.chicory.runtime.TrapException;

/**
 * A guest violated the component model at run time (a bad handle, a bad string...): the instance
 * traps. A {@link TrapException}, like the canonical ABI's traps for core modules, so that both
 * reach callers as kind {@code TRAPPED}.
 */
public final class ComponentTrap extends TrapException {

    public ComponentTrap(String message) {
        super(message);
    }
}
