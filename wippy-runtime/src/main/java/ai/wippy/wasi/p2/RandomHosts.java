package ai.wippy.wasi.p2;

import ai.wippy.abi.AbiTrap;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code wasi:random}: secure random bytes, insecure ones, and the insecure seed. */
public final class RandomHosts {

    /** The most bytes one call hands out; asking for more traps with a clear message. */
    static final int MAX_BYTES = 64 << 20;

    private static final SecureRandom SECURE = new SecureRandom();

    private RandomHosts() {}

    /** The three {@code wasi:random} interfaces. */
    public static List<HostInterface> all() {
        return List.of(
                ReflectiveHostInterface.of(new Secure()),
                ReflectiveHostInterface.of(new Insecure()),
                ReflectiveHostInterface.of(new Seed()));
    }

    private static int length(long n, String function) {
        if (n < 0 || n > MAX_BYTES) {
            // the guest asked for what no call can answer (it must return exactly that many): a trap
            throw new AbiTrap(
                    function + ": " + Long.toUnsignedString(n) + " bytes asked, at most " + MAX_BYTES + " per call");
        }
        return (int) n;
    }

    /** {@code wasi:random/random}: from {@link SecureRandom}. */
    @WitInterface("wasi:random/random")
    public static final class Secure {

        public byte[] getRandomBytes(long len) {
            byte[] out = new byte[length(len, "get-random-bytes")];
            SECURE.nextBytes(out);
            return out;
        }

        public long getRandomU64() {
            return SECURE.nextLong();
        }
    }

    /** {@code wasi:random/insecure}: fast, not for secrets. */
    @WitInterface("wasi:random/insecure")
    public static final class Insecure {

        public byte[] getInsecureRandomBytes(long len) {
            byte[] out = new byte[length(len, "get-insecure-random-bytes")];
            ThreadLocalRandom.current().nextBytes(out);
            return out;
        }

        public long getInsecureRandomU64() {
            return ThreadLocalRandom.current().nextLong();
        }
    }

    /** {@code wasi:random/insecure-seed}: a seed for the guest's own hash tables. */
    @WitInterface("wasi:random/insecure-seed")
    public static final class Seed {

        public List<Long> insecureSeed() {
            return List.of(SECURE.nextLong(), SECURE.nextLong());
        }
    }
}
