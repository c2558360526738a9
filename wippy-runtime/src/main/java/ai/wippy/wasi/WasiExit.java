package ai.wippy.wasi;

/** Thrown by {@code proc_exit} to unwind the guest; carries the exit code. */
public final class WasiExit extends RuntimeException {

    private final int code;

    public WasiExit(int code) {
        super("guest exited with code " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
