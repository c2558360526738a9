package ai.wippy.abi;

/** The {@code string-encoding} canonical option: how a guest lays strings out in its memory. */
public enum StringEncoding {
    UTF8,
    UTF16,
    /** Latin-1 when every code point fits, else UTF-16 with the high bit of the length set. */
    LATIN1_UTF16
}
