package ai.wippy.engine;

import com.dylibso.chicory.wabt.Wat2Wasm;

/** Assembles WebAssembly Text into a core module binary (wabt's wat2wasm, itself running on Chicory). */
public final class WatAssembler {

    /** Thrown when the text does not assemble; the message is wat2wasm's, with line and column. */
    public static final class WatException extends RuntimeException {
        public WatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public byte[] assemble(String wat) {
        try {
            return Wat2Wasm.parse(wat);
        } catch (RuntimeException e) {
            String message =
                    e.getMessage() == null ? e.toString() : e.getMessage().strip();
            throw new WatException(message, e);
        }
    }
}
