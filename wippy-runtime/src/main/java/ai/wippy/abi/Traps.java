package ai.wippy.abi;

/** Trap construction: everything a hostile guest can get wrong ends here, never in a host crash. */
final class Traps {

    private Traps() {}

    static AbiTrap trap(String message) {
        return new AbiTrap("canonical ABI: " + message);
    }
}
