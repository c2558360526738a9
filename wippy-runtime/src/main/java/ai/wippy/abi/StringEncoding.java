package ai.wippy.abi;

/** The {@code string-encoding} canonical option: how a guest lays strings out in its memory. */
public enum StringEncoding {
    UTF8,
    UTF16,
    /** Latin-1 when every code point fits, else UTF-16 with the high bit of the length set. */
    LATIN1_UTF16;

    /** The encoding a component's {@code string-encoding} option codes (0 utf8, 1 utf16, 2 latin1+utf16). */
    public static StringEncoding ofCode(int code) {
        return switch (code) {
            case 0 -> UTF8;
            case 1 -> UTF16;
            case 2 -> LATIN1_UTF16;
            default -> throw new IllegalArgumentException("unknown string encoding " + code);
        };
    }
}
