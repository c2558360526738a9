package ai.wippy.component.binary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitive encodings of the binary format (LEB128 integers, names, bytes) from a window of
 * the binary, reporting every problem with its absolute offset.
 */
final class ByteReader {

    private final byte[] bytes;
    private int pos;
    private final int end;

    ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    ComponentDecodeException error(String message) {
        return new ComponentDecodeException(pos, message);
    }

    ComponentDecodeException errorAt(int offset, String message) {
        return new ComponentDecodeException(offset, message);
    }

    int u8(String what) {
        if (pos >= end) {
            throw error("unexpected end of " + (end == bytes.length ? "binary" : "section") + ", expected " + what);
        }
        return bytes[pos++] & 0xff;
    }

    int peek(String what) {
        if (pos >= end) {
            throw error("unexpected end of " + (end == bytes.length ? "binary" : "section") + ", expected " + what);
        }
        return bytes[pos] & 0xff;
    }

    /** An unsigned LEB128 integer of at most 32 bits. */
    int u32(String what) {
        int start = pos;
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8(what);
            if (shift == 28 && (b & 0x70) != 0) {
                throw errorAt(start, "integer too large for u32, expected " + what);
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw errorAt(start, "LEB128 longer than 5 bytes, expected " + what);
            }
        }
        return (int) result;
    }

    /** A u32 that will be used as a count or index: must fit a non-negative Java int. */
    int count(String what) {
        int start = pos;
        int v = u32(what);
        if (v < 0) {
            throw errorAt(start, "count too large, expected " + what);
        }
        return v;
    }

    /** A vector length, checked against the remaining bytes (each element takes at least one byte). */
    int vecLength(String what) {
        int start = pos;
        int n = count("length of " + what);
        if (n > end - pos) {
            throw errorAt(
                    start, "vector of " + n + " " + what + " is longer than the remaining " + (end - pos) + " bytes");
        }
        return n;
    }

    /** A signed LEB128 integer of at most 33 bits (core type indices and block types). */
    long s33(String what) {
        int start = pos;
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8(what);
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (shift > 35 && (b & 0x80) != 0) {
                throw errorAt(start, "LEB128 too long, expected " + what);
            }
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    String name(String what) {
        int n = count("length of " + what);
        int start = pos;
        if (n > end - pos) {
            throw errorAt(start, what + " of " + n + " bytes runs past the end");
        }
        pos += n;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw errorAt(start, what + " is not valid UTF-8");
        }
    }

    /** Skips {@code n} bytes, returning where they start. */
    int skip(int n, String what) {
        if (n < 0 || n > end - pos) {
            throw error(what + " of " + n + " bytes runs past the end");
        }
        int start = pos;
        pos += n;
        return start;
    }

    byte[] bytes() {
        return bytes;
    }

    /** A reader over the next {@code n} bytes; this reader moves past them. */
    ByteReader sub(int n, String what) {
        int start = skip(n, what);
        return new ByteReader(bytes, start, start + n);
    }
}
