package ai.wippy.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the files entries refer to ({@code source: file://handler.lua}): confined to the folder of the
 * declaring {@code _index.yaml} unless {@link RegistryOptions#allowOutsideSources()}, decoded as strict
 * UTF-8, every failure named with file, entry and field.
 */
public final class SourceFiles {

    private SourceFiles() {}

    /** The bytes of the file {@code reference} (a {@code file://} path) names, refusing escapes. */
    public static byte[] read(RegistryEntry entry, String field, String reference, RegistryOptions options) {
        ResourceBase base = entry.base();
        if (!options.allowOutsideSources()) {
            Optional<String> outside = base.outside(reference);
            if (outside.isPresent()) {
                throw entry.error(
                        field,
                        "'" + reference + "' resolves to " + outside.get()
                                + ", outside the folder of the registry file (" + base.describe("")
                                + "); move the file into it, or set wippy.registry.allow-outside-sources=true");
            }
        }
        try {
            byte[] bytes = base.read(reference);
            entry.recordRead(reference, bytes);
            return bytes;
        } catch (IOException e) {
            throw entry.error(field, "cannot read " + base.describe(reference) + ": " + e.getMessage(), e);
        }
    }

    /** The text of that file, which must be UTF-8. */
    public static String text(RegistryEntry entry, String field, String reference, RegistryOptions options) {
        return decode(entry, field, reference, read(entry, field, reference, options));
    }

    /** The bytes read from {@code reference} as text; they must be UTF-8. */
    public static String decode(RegistryEntry entry, String field, String reference, byte[] bytes) {
        try {
            return utf8(bytes);
        } catch (NotUtf8 e) {
            throw entry.error(field, entry.base().describe(reference) + " is not UTF-8 text: " + e.getMessage(), e);
        }
    }

    /** Bytes that are not valid UTF-8; the message gives the offset of the first bad byte. */
    public static final class NotUtf8 extends Exception {
        NotUtf8(String message) {
            super(message);
        }
    }

    /** Decodes strict UTF-8: a malformed or unmappable sequence fails instead of becoming U+FFFD. */
    public static String utf8(byte[] bytes) throws NotUtf8 {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new NotUtf8("invalid byte sequence at byte " + at + " (0x"
                    + String.format("%02x", bytes[Math.min(at, bytes.length - 1)] & 0xff) + ")");
        }
        return out.flip().toString();
    }
}
