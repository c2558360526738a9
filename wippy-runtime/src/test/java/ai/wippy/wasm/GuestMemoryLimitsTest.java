package ai.wippy.wasm;

import static ai.wippy.runtime.TestRegistries.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.MemorySettings;
import ai.wippy.spi.RuntimeSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile core modules that used to drive the JVM into a real OutOfMemoryError: each now meets a
 * limit of its own (a failed {@code memory.grow}, a refused boot, a trap, an errno), with a named
 * error, and the runtime keeps serving. Tagged {@code hostile}: the build runs this class in a JVM
 * with a 512 MiB heap, where the old behaviour ends in the JVM's OutOfMemoryError.
 */
@Tag("hostile")
class GuestMemoryLimitsTest {

    static final String ANSWER = """
              - name: answer
                kind: function.wat
                method: answer
                source: '(module (func (export "answer") (result i32) i32.const 42))'
            """;

    private static String doc(String entries) {
        return "version: \"1.0\"\nnamespace: t\nentries:\n" + entries + ANSWER;
    }

    /** Answers its memory's size in pages. */
    private static final String MEMORY_SIZE = "(module (memory 64) (func (export \"f\") (result i32) memory.size))";

    /** Declares 4500 pages. */
    private static final String PAGES_4500 = "(module (memory 4500) (func (export \"f\")))";

    private static String wat(String name, String wat, String extra) {
        StringBuilder b = new StringBuilder();
        b.append("  - name: ").append(name).append('\n');
        b.append("    kind: function.wat\n");
        b.append(extra.indent(4));
        b.append("    source: |\n");
        b.append(wat.indent(6));
        return b.toString();
    }

    private static WasmRegistry runtime(String entries, MemorySettings memory) {
        return WasmRegistry.builder()
                .document(TestRegistries.doc(doc(entries)))
                .settings(new RuntimeSettings(EngineMode.COMPILER, false, Map.of(), memory))
                .build();
    }

    private static WasmRegistry runtime(String entries) {
        return runtime(entries, MemorySettings.defaults());
    }

    private static RegistryException bootError(String entries, MemorySettings memory) {
        try (WasmRegistry r = runtime(entries, memory)) {
            throw new AssertionError("the registry booted: " + r.functions().size() + " functions");
        } catch (RegistryException e) {
            return e;
        }
    }

    @Test
    void aGuestGrowingWithoutLimitsStopsAtTheDefaultCeiling() {
        String grower = wat("grow", HostileModules.GROWER, "method: grow\npool: { type: lazy, max_size: 1 }");
        try (WasmRegistry r = runtime(grower)) {
            assertThat(r.call("t:grow", 0)).as("256 MiB in 64 KiB pages").isEqualTo(4096);
            failsWith(ErrorKind.TRAPPED, () -> r.call("t:grow", 1))
                    .hasMessageContaining("t:grow")
                    .hasMessageContaining("unreachable")
                    .hasMessageNotContaining("out of memory");
            assertThat(r.call("t:answer")).as("the runtime keeps serving").isEqualTo(42);
        }
    }

    @Test
    void instancesGrowingAtOnceStayWithinTheTotalBudgetAndIdleOnesGiveTheirMemoryBack() throws Exception {
        // eight instances growing to the 256 MiB ceiling at once would need 2 GiB of a 512 MiB heap
        String grower = wat("grow", HostileModules.GROWER, "method: grow\npool: { type: lazy, max_size: 8 }");
        String other = wat("other", MEMORY_SIZE, "method: f\npool: { type: lazy, max_size: 1 }");
        try (WasmRegistry r = runtime(grower + other)) {
            var budget = r.memoryBudget();
            assertThat(budget.limitBytes()).isEqualTo(MemorySettings.defaultTotalMemoryBytes());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Object>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        try {
                            return r.call("t:grow", 0);
                        } catch (WippyException e) {
                            return e;
                        }
                    }));
                }
                start.countDown();
                int answered = 0;
                for (var call : calls) {
                    Object result = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    if (result instanceof WippyException e) {
                        assertThat(e.kind()).isEqualTo(ErrorKind.SATURATED);
                        assertThat(e.getMessage()).contains("guest memory budget exhausted");
                    } else {
                        assertThat((Integer) result).isBetween(1, 4096);
                        answered++;
                    }
                }
                assertThat(answered).as("most calls are answered").isGreaterThan(0);
            } finally {
                pool.shutdownNow();
            }
            assertThat(budget.peakBytes()).isLessThanOrEqualTo(budget.limitBytes());
            assertThat(budget.refusals()).as("some grow hit the budget").isPositive();
            assertThat(r.call("t:other"))
                    .as("idle growers give way to another entry")
                    .isEqualTo(64);
            assertThat(r.call("t:answer")).isEqualTo(42);
        }
    }

    @Test
    void theTotalBudgetIsASetting() {
        String grower = wat("grow", HostileModules.GROWER, "method: grow");
        MemorySettings total = new MemorySettings(256L << 20, 64L << 20, 1L << 30, 8L << 20);
        try (WasmRegistry r = runtime(grower, total)) {
            assertThat(r.call("t:grow", 0)).as("8 MiB in 64 KiB pages").isEqualTo(128);
            assertThat(r.memoryBudget().usedBytes()).isEqualTo(8L << 20);
        }
    }

    @Test
    void theDefaultCeilingIsASetting() {
        String grower = wat("grow", HostileModules.GROWER, "method: grow");
        MemorySettings sixteenMiB = new MemorySettings(16L << 20, 64L << 20, 1L << 30);
        try (WasmRegistry r = runtime(grower, sixteenMiB)) {
            assertThat(r.call("t:grow", 0)).isEqualTo(256);
        }
    }

    @Test
    void anEntryCeilingReplacesTheDefaultEitherWay() {
        String lower = wat("lower", HostileModules.GROWER, "method: grow\nlimits: { max_memory_pages: 8 }");
        // declares 4500 pages (281 MiB), above the default ceiling: boots because the entry allows 5000
        String higher = wat("higher", PAGES_4500, "method: f\nlimits: { max_memory_pages: 5000 }");
        try (WasmRegistry r = runtime(lower + higher)) {
            assertThat(r.call("t:lower", 0)).isEqualTo(8);
            assertThat(r.function("t:higher")).isPresent();
        }
    }

    @Test
    void aModuleDeclaringGigabytesIsRefusedAtBootByEntryAndField() {
        for (int pages : List.of(32_768, 65_536)) {
            String big = wat("big", "(module (memory " + pages + ") (func (export \"f\")))", "method: f");
            RegistryException e = bootError(big, MemorySettings.defaults());
            assertThat(e.getMessage())
                    .contains("entry 't:big'")
                    .contains("field 'limits.max_memory_pages'")
                    .contains("minimum of " + pages + " pages (" + (pages / 16_384) + " GiB)")
                    .contains("the default memory ceiling of 4096 pages (256 MiB, wippy.limits.max-memory)");
        }
        String allowed = wat(
                "allowed",
                "(module (memory 40000) (func (export \"f\")))",
                "method: f\nlimits: { max_memory_pages: 65536 }");
        assertThat(bootError(allowed, MemorySettings.defaults()).getMessage())
                .contains("entry 't:allowed'")
                .contains("field 'limits.max_memory_pages'")
                .contains("minimum of 40000 pages (2.4 GiB), more than the 32767 pages a memory can have on the JVM");
        String capped = wat(
                "capped", "(module (memory 10) (func (export \"f\")))", "method: f\nlimits: { max_memory_pages: 4 }");
        assertThat(bootError(capped, MemorySettings.defaults()).getMessage())
                .contains("entry 't:capped'")
                .contains("field 'limits.max_memory_pages'")
                .contains("minimum of 10 pages (640 KiB), above the entry's memory ceiling of 4 pages (256 KiB)");
    }

    @Test
    void aStaticPoolWhoseInstancesCannotFitIsRefusedAtBoot() {
        // 64 MiB declared per instance, one instance more than the default budget (half the heap) holds
        long budget = MemorySettings.defaultPoolMemoryBytes();
        long size = budget / (64L << 20) + 1;
        String pool = wat(
                "pool",
                "(module (memory 1024) (func (export \"f\")))",
                "method: f\npool: { type: static, size: " + size + " }");
        RegistryException e = bootError(pool, MemorySettings.defaults());
        assertThat(e.getMessage())
                .contains("entry 't:pool'")
                .contains("field 'pool.size'")
                .contains("creates " + size + " instances at boot, each declaring 64 MiB of guest memory")
                .contains("more than the pool memory budget of " + MemorySettings.describe(budget));

        String adaptive = wat(
                "warm",
                "(module (memory 512) (func (export \"f\")))",
                "method: f\npool: { type: adaptive, min_size: 3, max_size: 8 }");
        MemorySettings small = new MemorySettings(256L << 20, 64L << 20, 64L << 20);
        assertThat(bootError(adaptive, small).getMessage())
                .contains("entry 't:warm'")
                .contains("field 'pool.min_size'")
                .contains("3 instances at boot, each declaring 32 MiB of guest memory (96 MiB in all)")
                .contains("budget of 64 MiB");
        String fits = wat(
                "fits", "(module (memory 512) (func (export \"f\")))", "method: f\npool: { type: static, size: 2 }");
        try (WasmRegistry r = runtime(fits, small)) {
            var fitsPool = r.function("t:fits").orElseThrow().pool();
            // a static pool makes its first instance at boot and the rest in the background
            assertThat(fitsPool.awaitFilled(java.time.Duration.ofSeconds(30))).isTrue();
            assertThat(fitsPool.stats().created()).isEqualTo(2);
        }
    }

    @Test
    void nestedListsLiftedFromASmallMemoryMeetTheLiftingLimit() {
        String lists = wat("lists", HostileModules.NESTED_LISTS, "method: f\nwit: \"f: func() -> list<list<u8>>;\"")
                + wat("small", HostileModules.NESTED_LISTS, "method: small\nwit: \"small: func() -> list<list<u8>>;\"");
        try (WasmRegistry r = runtime(lists)) {
            failsWith(ErrorKind.TRAPPED, () -> r.call("t:lists"))
                    .hasMessageContaining("t:lists")
                    .hasMessageContaining("lifting list<u8> of 65536 bytes would take the values of this call past the"
                            + " limit of 67108864 bytes");
            List<?> small = (List<?>) r.call("t:small");
            assertThat(small).hasSize(2);
            assertThat((byte[]) small.get(0)).containsExactly('a', 'b', 'c');
            assertThat(r.call("t:answer")).isEqualTo(42);
        }
    }

    static final String WASI = """
            (module
              (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "random") (param $ptr i32) (param $len i32) (result i32)
                (call $random (local.get $ptr) (local.get $len)))
              (func (export "random_sum") (result i32)
                (local $i i32) (local $sum i32)
                (drop (call $random (i32.const 1024) (i32.const 64)))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (i32.const 64)))
                    (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (i32.const 1024) (local.get $i)))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (local.get $sum))
              ;; 8000 iovecs, each the whole page: 500 MiB if gathered, to an fd that is not open
              (func (export "write_aliased") (result i32)
                (local $i i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (i32.const 8000)))
                    (i32.store (i32.mul (local.get $i) (i32.const 8)) (i32.const 0))
                    (i32.store (i32.add (i32.const 4) (i32.mul (local.get $i) (i32.const 8))) (i32.const 65536))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (call $write (i32.const 99) (i32.const 0) (i32.const 8000) (i32.const 65532)))
              ;; one iovec of 2 GiB on stdin
              (func (export "read_huge") (result i32)
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 0x7fffffff))
                (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))))
            """;

    private static String wasiEntry(String name, String method) {
        return wat(name, WASI, "method: " + method + "\nimports: [wasi:random, wasi:cli]");
    }

    @Test
    void wasiCallsCheckGuestRangesBeforeAllocating() {
        int fault = 21, badf = 8, success = 0;
        String entries = wasiEntry("random", "random")
                + wasiEntry("random-sum", "random_sum")
                + wasiEntry("write", "write_aliased")
                + wasiEntry("read", "read_huge");
        try (WasmRegistry r = runtime(entries)) {
            assertThat(r.call("t:random", 0, Integer.MAX_VALUE))
                    .as("2 GiB asked")
                    .isEqualTo(fault);
            assertThat(r.call("t:random", 65_000, 537))
                    .as("one byte past the end")
                    .isEqualTo(fault);
            assertThat(r.call("t:random", -16, 32)).as("a pointer near 4 GiB").isEqualTo(fault);
            assertThat(r.call("t:random", 65_000, 536)).isEqualTo(success);
            assertThat((int) r.call("t:random-sum"))
                    .as("64 random bytes are not all zero")
                    .isPositive();
            assertThat(r.call("t:write")).isEqualTo(badf);
            assertThat(r.call("t:read")).isEqualTo(fault);
            assertThat(r.call("t:answer")).isEqualTo(42);
        }
    }
}
