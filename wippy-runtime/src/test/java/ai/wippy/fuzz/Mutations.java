package ai.wippy.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What the fuzzing properties share: mutations of seed binaries (bit flips, overwritten and inserted bytes,
 * truncations and length fields that lie) and the removal of a property class's scratch folder (jqwik has no
 * {@code @TempDir}).
 */
public final class Mutations {

    private Mutations() {}

    /** One mutation of one of {@code seeds} each; the first 8 bytes (the preamble) are kept. */
    public static Arbitrary<byte[]> of(List<byte[]> seeds) {
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> value = Arbitraries.integers();
        return Combinators.combine(seed, kind, where, value).as(Mutations::mutate);
    }

    private static byte[] mutate(byte[] seed, int kind, int where, int value) {
        byte[] b = seed.clone();
        int at = 8 + where % (b.length - 8);
        switch (kind) {
            case 0 -> b[at] = (byte) value; // overwrite one byte
            case 1 -> b[at] ^= (byte) (1 << (where & 7)); // flip one bit
            case 2 -> b = Arrays.copyOf(b, at); // truncate
            case 3 -> { // insert bytes
                int n = 1 + (value & 3);
                byte[] longer = new byte[b.length + n];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(b, at, longer, at + n, b.length - at);
                Arrays.fill(longer, at, at + n, (byte) (value >>> 8));
                b = longer;
            }
            case 4 -> { // a length or count that lies: a 5-byte LEB128 of a large value in place of a byte
                long lie =
                        (value & 1) == 0 ? (value & 0xffffffffL) | 0x8000_0000L : (value & 0x7fffffffL) | 0x0100_0000L;
                byte[] leb = new byte[5];
                for (int i = 0; i < 5; i++) {
                    leb[i] = (byte) ((lie >>> (7 * i)) & 0x7f | (i < 4 ? 0x80 : 0));
                }
                byte[] longer = new byte[b.length + 4];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(leb, 0, longer, at, 5);
                System.arraycopy(b, at + 1, longer, at + 5, b.length - at - 1);
                b = longer;
            }
            default -> { // a length that lies a little: one LEB byte off by a small amount
                b[at] = (byte) (b[at] + (value % 5));
            }
        }
        return b;
    }

    /** Deletes {@code folder} and everything in it. */
    public static void deleteFolder(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
