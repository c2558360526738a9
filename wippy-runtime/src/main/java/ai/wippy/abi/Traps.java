package ai.wippy.abi;

import com.dylibso.chicory.runtime.TrapException;

/** Trap construction: everything a hostile guest can get wrong ends here, never in a host crash. */
final class Traps {

    private Traps() {}

    static TrapException trap(String message) {
        return new TrapException("canonical ABI: " + message);
    }
}
