package ai.wippy.benchmarks;

import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * B2 on a loaded machine: the guests of {@link ComputeBenchmark} (runtime compiler mode, Chicory's
 * compiler with {@code ByteArrayMemory}, plain Java) and plain-Java copies of the loop Chicory's
 * compiler generates for the hash (block or flat memory, with or without its interrupt check), all
 * in one JVM, measured in interleaved rounds so that other processes' load falls on all of them
 * alike: each is warmed for 3 s, then 40 rounds each take the best of 5 runs of every variant; the
 * minimum, first quartile and median of the rounds are printed. Argument: a prefix of the variants
 * to run ({@code hash}, {@code fib}), none for all.
 */
public final class ComputeProbe {

    private static final int ROUNDS = 40;

    private ComputeProbe() {}

    public static void main(String[] args) {
        int len = ComputeBenchmark.HASH_LEN;
        ModuleCompiler compiler = new ModuleCompiler(EngineMode.COMPILER);
        Instance hashGuest = compiler.compile(Guests.wasm("hash")).instantiate(ImportValues.empty(), null);
        Instance fibGuest = compiler.compile(Guests.wasm("fib")).instantiate(ImportValues.empty(), null);
        Instance chicoryHash = chicory("hash");
        ExportFunction hash = filled(hashGuest);
        ExportFunction chicoryHashFn = filled(chicoryHash);
        ExportFunction fib = fibGuest.export("fib");
        ExportFunction chicoryFib = chicory("fib").export("fib");
        byte[] data = Guests.pattern(len);
        byte[] flat = Arrays.copyOf(data, len + 65536);
        byte[][] blocks = new byte[flat.length / 4096][];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = Arrays.copyOfRange(flat, b * 4096, (b + 1) * 4096);
        }

        Map<String, LongSupplier> variants = new LinkedHashMap<>();
        variants.put("hash.java", () -> Guests.fnv1a(data));
        variants.put("hash.runtime", () -> hash.apply(len)[0]);
        variants.put("hash.chicory-bytearray", () -> chicoryHashFn.apply(len)[0]);
        Blocks inBlocks = new Blocks(blocks);
        Flat inOneArray = new Flat(flat);
        variants.put("hash.loop-blocks-check", () -> Loops.checked(len, inBlocks));
        variants.put("hash.loop-blocks-nocheck", () -> Loops.unchecked(len, inBlocks));
        variants.put("hash.loop-flat-check", () -> Loops.checked(len, inOneArray));
        variants.put("fib.java", () -> Guests.fib(ComputeBenchmark.FIB_N));
        variants.put("fib.runtime", () -> fib.apply(ComputeBenchmark.FIB_N)[0]);
        variants.put("fib.chicory", () -> chicoryFib.apply(ComputeBenchmark.FIB_N)[0]);
        String only = args.length > 0 ? args[0] : "";
        variants.keySet().removeIf(k -> !k.startsWith(only));

        long sink = 0;
        for (LongSupplier v : variants.values()) {
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                sink += v.getAsLong();
            }
        }
        Map<String, long[]> times = new LinkedHashMap<>();
        variants.keySet().forEach(k -> times.put(k, new long[ROUNDS]));
        for (int r = 0; r < ROUNDS; r++) {
            for (var e : variants.entrySet()) {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    sink += e.getValue().getAsLong();
                    best = Math.min(best, System.nanoTime() - start);
                }
                times.get(e.getKey())[r] = best;
            }
        }
        for (var e : times.entrySet()) {
            long[] t = e.getValue();
            Arrays.sort(t);
            System.out.printf(
                    "COMPUTE %-26s min %.3f ms  p25 %.3f ms  median %.3f ms%n",
                    e.getKey(), t[0] / 1e6, t[ROUNDS / 4] / 1e6, t[ROUNDS / 2] / 1e6);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static ExportFunction filled(Instance guest) {
        guest.export("fill").apply(ComputeBenchmark.HASH_LEN);
        return guest.export("fnv1a");
    }

    private static Instance chicory(String name) {
        var module = com.dylibso.chicory.wasm.Parser.parse(Guests.wasm(name));
        return Instance.builder(module)
                .withMachineFactory(com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(module))
                .withMemoryFactory(ByteArrayMemory::new)
                .build();
    }

    /** What the loops read: 4 KiB blocks (as {@code PagedMemory} in blocks) or one flat array. */
    interface Bytes {
        byte read(int addr);
    }

    record Blocks(byte[][] blocks) implements Bytes {
        @Override
        public byte read(int addr) {
            return blocks[addr >>> 12][addr & 4095];
        }
    }

    record Flat(byte[] bytes) implements Bytes {
        @Override
        public byte read(int addr) {
            return bytes[addr];
        }
    }

    /**
     * The loop Chicory's compiler generates for {@code fnv1a} (see {@code bench/hash.wat}), written in
     * Java: an unsigned compare, the address helper, the load through the interface and, in {@link
     * #checked}, the interrupt check on the backward branch. {@link #checked} sees both memories (a
     * bimorphic call site, where the generated code's is monomorphic).
     */
    static final class Loops {
        private Loops() {}

        static int checked(int len, Bytes m) {
            int i = 0;
            int h = 0x811c9dc5;
            while (Integer.compareUnsigned(i, len) < 0) {
                h = (h ^ (m.read(address(i, 0)) & 0xFF)) * 0x01000193;
                i++;
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted");
                }
            }
            return h;
        }

        static int unchecked(int len, Bytes m) {
            int i = 0;
            int h = 0x811c9dc5;
            while (Integer.compareUnsigned(i, len) < 0) {
                h = (h ^ (m.read(address(i, 0)) & 0xFF)) * 0x01000193;
                i++;
            }
            return h;
        }

        private static int address(int base, int offset) {
            return base < 0 ? base : base + offset;
        }
    }
}
