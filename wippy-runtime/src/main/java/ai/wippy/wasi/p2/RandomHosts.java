package ai.wippy.wasi.p2;

import ai.wippy.abi.AbiTrap;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code wasi:random}: secure random bytes, insecure ones, and the insecure seed. */
public final class RandomHosts {

    /** The most bytes one call hands out; asking for more traps with a clear message. */
    static final int MAX_BYTES = 64 << 20;

    private static final SecureRandom SECURE = new SecureRandom();

    private RandomHosts() {}

    private static int length(Object u64, String function) {
        long n = ((Number) u64).longValue();
        if (n < 0 || n > MAX_BYTES) {
            // the guest asked for what no call can answer (it must return exactly that many): a trap
            throw new AbiTrap(
                    function + ": " + Long.toUnsignedString(n) + " bytes asked, at most " + MAX_BYTES + " per call");
        }
        return (int) n;
    }

    /** {@code wasi:random/random}: from {@link SecureRandom}. */
    public static final class Secure extends WasiHost {
        public Secure() {
            super("wasi:random/random");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "get-random-bytes" ->
                    args -> {
                        byte[] out = new byte[length(args.get(0), function)];
                        SECURE.nextBytes(out);
                        return out;
                    };
                case "get-random-u64" -> args -> SECURE.nextLong();
                default -> null;
            };
        }
    }

    /** {@code wasi:random/insecure}: fast, not for secrets. */
    public static final class Insecure extends WasiHost {
        public Insecure() {
            super("wasi:random/insecure");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "get-insecure-random-bytes" ->
                    args -> {
                        byte[] out = new byte[length(args.get(0), function)];
                        ThreadLocalRandom.current().nextBytes(out);
                        return out;
                    };
                case "get-insecure-random-u64" ->
                    args -> ThreadLocalRandom.current().nextLong();
                default -> null;
            };
        }
    }

    /** {@code wasi:random/insecure-seed}: a seed for the guest's own hash tables. */
    public static final class Seed extends WasiHost {
        public Seed() {
            super("wasi:random/insecure-seed");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "insecure-seed" -> args -> List.of(SECURE.nextLong(), SECURE.nextLong());
                default -> null;
            };
        }
    }
}
