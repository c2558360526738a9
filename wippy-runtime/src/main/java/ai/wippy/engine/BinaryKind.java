package ai.wippy.engine;

/** What a {@code .wasm} binary holds, read from its preamble. */
public enum BinaryKind {
    CORE_MODULE,
    COMPONENT;

    /** Reads the preamble; returns {@code null} when the bytes are not WebAssembly at all. */
    public static BinaryKind detect(byte[] bytes) {
        if (bytes == null
                || bytes.length < 8
                || bytes[0] != 0
                || bytes[1] != 'a'
                || bytes[2] != 's'
                || bytes[3] != 'm') {
            return null;
        }
        // version 1 with layer 0 is a core module; layer 1 is a component.
        return bytes[6] == 1 && bytes[7] == 0 ? COMPONENT : CORE_MODULE;
    }
}
