package ai.wippy.component;

import static ai.wippy.component.TinyComponents.U32;
import static ai.wippy.component.TinyComponents.component;
import static ai.wippy.component.TinyComponents.func;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.engine.EngineMode;
import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.engine.ModuleCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instances made from a template (the first instance's memories, shared copy-on-write) are exactly
 * the instances a fresh instantiation makes, and never see each other's writes.
 */
class InstanceTemplateTest {

    static final long PAGE = 65_536;

    /** {@code $hash}: an FNV-style hash of the whole memory, word by word. */
    static final String HASH = """
            (func $hash (result i32) (local $i i32) (local $h i32) (local $end i32)
              (local.set $h (i32.const -2128831035))
              (local.set $end (i32.mul (memory.size) (i32.const 65536)))
              (block $done
                (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
                  (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $i))) (i32.const 16777619)))
                  (local.set $i (i32.add (local.get $i) (i32.const 4)))
                  (br $next)))
              (local.get $h))
            """;

    /**
     * 17 pages (a little over 1 MiB) with data in page 0 and page 8, a mutable global, a table of
     * two functions; {@code run(op)}: 1 global (then +1), 2 the word at 1024, 3 both table entries
     * (11 + 100 * 22), 4 writes 0xdeadbeef at 1024 and 0x80000, 5 the word at 0x80000, 6 traps after
     * writing 0x0bad at 1024, 7 grows by 1 page, 8 memory.size, 9 the word at 0x40000 (a zero page),
     * 10 a hash of the whole memory; op >= 1000 writes op at 0x40000 and at 1028 and answers what it
     * reads back from both (their sum).
     */
    static final String CORE = """
            (module
              (memory (export "memory") 17)
              (data (i32.const 1024) "\\01\\02\\03\\04template")
              (data (i32.const 0x80000) "\\2a\\00\\00\\00")
              (global $g (mut i32) (i32.const 7))
              (table 2 funcref)
              (elem (i32.const 0) $a $b)
              (type $t (func (result i32)))
              (func $a (type $t) (i32.const 11))
              (func $b (type $t) (i32.const 22))
              (; hash ;)
              (func (export "run") (param $op i32) (result i32)
                (if (i32.ge_u (local.get $op) (i32.const 1000))
                  (then
                    (i32.store (i32.const 0x40000) (local.get $op))
                    (i32.store (i32.const 1028) (local.get $op))
                    (return (i32.add (i32.load (i32.const 0x40000)) (i32.load (i32.const 1028))))))
                (block $b10 (block $b9 (block $b8 (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
                  (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $b9 $b10 $b0 (local.get $op)))
                  (return (i32.const -1)))
                  (global.get $g) (global.set $g (i32.add (global.get $g) (i32.const 1))) (return))
                  (return (i32.load (i32.const 1024))))
                  (return (i32.add (call_indirect (type $t) (i32.const 0))
                                   (i32.mul (i32.const 100) (call_indirect (type $t) (i32.const 1))))))
                  (i32.store (i32.const 1024) (i32.const 0xdeadbeef))
                  (i32.store (i32.const 0x80000) (i32.const 0xdeadbeef))
                  (return (i32.const 0)))
                  (return (i32.load (i32.const 0x80000))))
                  (i32.store (i32.const 1024) (i32.const 0x0bad))
                  (unreachable))
                  (return (memory.grow (i32.const 1))))
                  (return (memory.size)))
                  (return (i32.load (i32.const 0x40000))))
                (call $hash)))
            """.replace("(; hash ;)", HASH);

    /**
     * A start function that calls no import: it adds 99 to the word at 2048, sets an i32 and an i64
     * global, grows the memory by a page and writes 77 into it, puts {@code $c} (which reads the
     * word at 2048 of its own instance) into table slot 1 and {@code $b} into slot 2 through {@code
     * table.init}, copies a passive data segment to 3000, then drops both segments. {@code run(op)}:
     * 0 the i32 global, 1 the word at 2048, 2 memory.size, 3 the word at 70000, 4 the three table
     * entries (slot 0 + 100 * slot 1 + 10000 * slot 2), 5 the i64 global's low half, 6 memory.init
     * from the dropped segment (traps), 7 table.init from the dropped element segment (traps), 8 the
     * word at 1024, 9 the word at 3000, 10 adds 1 to the global and to the words at 2048 and 70000,
     * 11 writes 0xbad at 2048, sets the global to 666 and slot 1 to {@code $a}, then traps, 12 slot 1
     * alone, 13 a hash of the whole memory.
     */
    static final String WITH_START = """
            (module
              (memory (export "memory") 1 4)
              (data (i32.const 1024) "\\01\\02\\03\\04")
              (data $p "passive")
              (global $g (mut i32) (i32.const 0))
              (global $h (mut i64) (i64.const 0))
              (table $t 3 funcref)
              (type $r (func (result i32)))
              (elem (i32.const 0) $a)
              (elem $e func $b)
              (elem declare func $a $c)
              (func $a (type $r) (i32.const 11))
              (func $b (type $r) (i32.const 22))
              (func $c (type $r) (i32.load (i32.const 2048)))
              (; hash ;)
              (func $init
                (i32.store (i32.const 2048) (i32.add (i32.load (i32.const 2048)) (i32.const 99)))
                (global.set $g (i32.const 5))
                (global.set $h (i64.const 0x1122334455667788))
                (drop (memory.grow (i32.const 1)))
                (i32.store (i32.const 70000) (i32.const 77))
                (table.set $t (i32.const 1) (ref.func $c))
                (table.init $t $e (i32.const 2) (i32.const 0) (i32.const 1))
                (elem.drop $e)
                (memory.init $p (i32.const 3000) (i32.const 0) (i32.const 7))
                (data.drop $p))
              (start $init)
              (func (export "run") (param $op i32) (result i32)
                (block $b13 (block $b12 (block $b11 (block $b10 (block $b9 (block $b8 (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
                  (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $b9 $b10 $b11 $b12 $b13 $b0 (local.get $op)))
                  (return (global.get $g)))
                  (return (i32.load (i32.const 2048))))
                  (return (memory.size)))
                  (return (i32.load (i32.const 70000))))
                  (return (i32.add (call_indirect (type $r) (i32.const 0))
                           (i32.add (i32.mul (i32.const 100) (call_indirect (type $r) (i32.const 1)))
                                    (i32.mul (i32.const 10000) (call_indirect (type $r) (i32.const 2)))))))
                  (return (i32.wrap_i64 (global.get $h))))
                  (memory.init $p (i32.const 4000) (i32.const 0) (i32.const 1))
                  (return (i32.const 0)))
                  (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 1))
                  (return (i32.const 0)))
                  (return (i32.load (i32.const 1024))))
                  (return (i32.load (i32.const 3000))))
                  (global.set $g (i32.add (global.get $g) (i32.const 1)))
                  (i32.store (i32.const 2048) (i32.add (i32.load (i32.const 2048)) (i32.const 1)))
                  (i32.store (i32.const 70000) (i32.add (i32.load (i32.const 70000)) (i32.const 1)))
                  (return (i32.const 0)))
                  (i32.store (i32.const 2048) (i32.const 0xbad))
                  (global.set $g (i32.const 666))
                  (table.set $t (i32.const 1) (ref.func $a))
                  (unreachable))
                  (return (call_indirect (type $r) (i32.const 1))))
                (call $hash)))
            """.replace("(; hash ;)", HASH);

    static InstancePre pre(String wat, EngineMode mode) {
        Component c = Component.compile(component(wat, false, func(U32, "op", U32)), new ModuleCompiler(mode));
        return new ComponentLinker().instantiatePre(c, Set.of(), null);
    }

    /** {@link #pre} of {@link #CORE} after one instance has been made and closed (the template is taken). */
    static InstancePre instantiatedOnce(EngineMode mode) throws Exception {
        InstancePre pre = pre(CORE, mode);
        pre.instantiate().close();
        return pre;
    }

    static long run(ComponentInstance i, int op) throws Exception {
        return ((Number) i.function("run").orElseThrow().call(List.of(op))).longValue() & 0xFFFFFFFFL;
    }

    /** Everything a guest can observe of a new instance, by op. */
    static List<Long> observe(ComponentInstance i) throws Exception {
        List<Long> seen = new ArrayList<>();
        for (int op : new int[] {10, 2, 5, 9, 8, 3, 1, 1}) {
            seen.add(run(i, op));
        }
        return seen;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aTemplatedInstanceIsExactlyAFreshOne(EngineMode mode) throws Exception {
        List<Long> fresh;
        InstancePre other = pre(CORE, mode);
        try (ComponentInstance first = other.instantiate()) {
            fresh = observe(first);
        }
        assertThat(fresh.subList(1, 8))
                .as("data, zero page, size, table, global")
                .containsExactly(0x04030201L, 42L, 0L, 17L, 2211L, 7L, 8L);

        InstancePre pre = pre(CORE, mode);
        assertThat(pre.templated()).isFalse();
        ComponentInstance recorder = pre.instantiate();
        assertThat(pre.templated()).as("the first instance became the template").isTrue();
        ComponentInstance templated = pre.instantiate();
        assertThat(observe(templated)).isEqualTo(fresh);
        // the instance the template was taken from keeps working, and its writes stay its own
        assertThat(run(recorder, 4)).isZero();
        assertThat(run(recorder, 2)).isEqualTo(0xdeadbeefL);
        try (ComponentInstance after = pre.instantiate()) {
            assertThat(observe(after)).isEqualTo(fresh);
        }
        assertThat(observe(recorder).subList(1, 3)).containsExactly(0xdeadbeefL, 0xdeadbeefL);
        recorder.close();
        templated.close();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aTrapInATemplatedInstanceLeavesTheTemplateUntouched(EngineMode mode) throws Exception {
        InstancePre pre = pre(CORE, mode);
        List<Long> fresh;
        try (ComponentInstance first = pre.instantiate()) {
            fresh = observe(first);
        }
        ComponentInstance victim = pre.instantiate();
        assertThat(run(victim, 4)).isZero();
        assertThatThrownBy(() -> run(victim, 6)).hasMessageContaining("unreachable");
        try (ComponentInstance next = pre.instantiate()) {
            assertThat(observe(next)).isEqualTo(fresh);
        }
        victim.close();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void concurrentInstancesNeverSeeEachOthersWrites(EngineMode mode) throws Exception {
        InstancePre pre = instantiatedOnce(mode);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = 1000 + t * 1_000_000;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> bad = new ArrayList<>();
                    try (ComponentInstance mine = pre.instantiate()) {
                        for (int k = 0; k < 200; k++) {
                            int v = base + k;
                            long sum = run(mine, v);
                            if (sum != 2L * v || run(mine, 9) != v) {
                                bad.add((long) v);
                            }
                            // a new instance between writes still starts from the template
                            try (ComponentInstance other = pre.instantiate()) {
                                if (run(other, 9) != 0 || run(other, 2) != 0x04030201L) {
                                    bad.add(-(long) v);
                                }
                            }
                        }
                    }
                    return bad;
                }));
            }
            go.countDown();
            for (Future<List<Long>> f : results) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void memoryGrowOnATemplatedInstanceIsItsOwn(EngineMode mode) throws Exception {
        InstancePre pre = instantiatedOnce(mode);
        try (ComponentInstance grown = pre.instantiate()) {
            assertThat(run(grown, 7)).as("previous size").isEqualTo(17);
            assertThat(run(grown, 8)).isEqualTo(18);
            try (ComponentInstance other = pre.instantiate()) {
                assertThat(run(other, 8)).isEqualTo(17);
            }
            assertThat(run(grown, 2)).as("the image's pages survive the growth").isEqualTo(0x04030201L);
            assertThat(run(grown, 5)).isEqualTo(42);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void templatedInstancesHoldTheirWholeMemoryInTheBudget(EngineMode mode) throws Exception {
        GuestMemoryBudget budget = new GuestMemoryBudget(40 * PAGE);
        ComponentInstance[] two = twoUnderABudget(CORE, mode, budget, 17);
        ComponentInstance first = two[0];
        ComponentInstance second = two[1];
        assertThat(run(second, 7)).isEqualTo(17);
        assertThat(budget.usedBytes()).isEqualTo(35 * PAGE);
        first.close();
        assertThat(budget.usedBytes()).isEqualTo(18 * PAGE);
        second.close();
        assertThat(budget.usedBytes()).isZero();
    }

    /** What a guest can observe of a new instance of {@link #WITH_START}; a trap is recorded as its kind. */
    static List<Object> observeStarted(ComponentInstance i) {
        List<Object> seen = new ArrayList<>();
        for (int op : new int[] {13, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12}) {
            try {
                seen.add(run(i, op));
            } catch (Exception e) {
                seen.add("trap " + e.getClass().getSimpleName());
            }
        }
        return seen;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aModuleWhoseStartCallsNoImportIsTemplatedWithTheStartsEffects(EngineMode mode) throws Exception {
        List<Object> fresh;
        try (ComponentInstance first = pre(WITH_START, mode).instantiate()) {
            fresh = observeStarted(first);
        }
        assertThat(fresh.subList(1, 6))
                .as("global, start's write, grown size, write into the new page, table")
                .containsExactly(5L, 99L, 2L, 77L, 11L + 100 * 99 + 10000 * 22);
        assertThat(fresh.get(6)).isEqualTo(0x55667788L);
        assertThat(fresh.get(7)).as("the data segment was dropped").asString().startsWith("trap");
        assertThat(fresh.get(8))
                .as("the element segment was dropped")
                .asString()
                .startsWith("trap");
        assertThat(fresh.subList(9, 12)).containsExactly(0x04030201L, 0x73736170L, 99L);

        InstancePre pre = pre(WITH_START, mode);
        ComponentInstance recorder = pre.instantiate();
        assertThat(pre.templated())
                .as("a start calling no import leaves everything in the image")
                .isTrue();
        ComponentInstance derived = pre.instantiate();
        assertThat(observeStarted(derived)).isEqualTo(fresh);

        // each instance's state is its own, and table slot 1 calls into the instance that holds it
        assertThat(run(derived, 10)).isZero();
        assertThat(run(derived, 12)).isEqualTo(100);
        assertThat(run(recorder, 12)).as("the template's instance").isEqualTo(99);
        assertThat(run(derived, 0)).isEqualTo(6);
        assertThat(run(recorder, 0)).isEqualTo(5);

        // a trap in the template's own instance and in a derived one changes no later instance
        assertThatThrownBy(() -> run(recorder, 11)).hasMessageContaining("unreachable");
        assertThatThrownBy(() -> run(derived, 11)).hasMessageContaining("unreachable");
        assertThat(run(derived, 0)).isEqualTo(666);
        assertThat(run(derived, 4)).isEqualTo(11L + 100 * 11 + 10000 * 22);
        try (ComponentInstance after = pre.instantiate()) {
            assertThat(observeStarted(after)).isEqualTo(fresh);
        }
        recorder.close();
        derived.close();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aTemplatedStartedInstanceHoldsItsGrownMemoryInTheBudget(EngineMode mode) throws Exception {
        GuestMemoryBudget budget = new GuestMemoryBudget(5 * PAGE);
        // the start function grew the memory to 2 pages: every instance holds both
        ComponentInstance[] two = twoUnderABudget(WITH_START, mode, budget, 2);
        two[0].close();
        two[1].close();
        assertThat(budget.usedBytes()).isZero();
    }

    /**
     * Two instances of {@code wat} charged to {@code budget}, each holding {@code pages}: the second is
     * made from the template and reserves as much as the first, and a third does not fit.
     */
    static ComponentInstance[] twoUnderABudget(String wat, EngineMode mode, GuestMemoryBudget budget, long pages) {
        InstancePre pre = pre(wat, mode).withMemoryBudget(budget);
        ComponentInstance first = pre.instantiate();
        assertThat(budget.usedBytes()).isEqualTo(pages * PAGE);
        ComponentInstance second = pre.instantiate();
        assertThat(pre.templated()).isTrue();
        assertThat(budget.usedBytes())
                .as("a templated instance reserves every page it can use, shared or not")
                .isEqualTo(2 * pages * PAGE);
        assertThatThrownBy(pre::instantiate)
                .hasMessageContaining("SATURATED")
                .hasMessageContaining("guest memory budget exhausted");
        assertThat(budget.usedBytes()).as("a refused instance holds nothing").isEqualTo(2 * pages * PAGE);
        return new ComponentInstance[] {first, second};
    }
}
