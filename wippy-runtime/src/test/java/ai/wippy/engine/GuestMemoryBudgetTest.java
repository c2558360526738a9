package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

/** The guest memory all instances of a runtime hold together, accounted as memories are created and grow. */
class GuestMemoryBudgetTest {

    static final long PAGE = 65_536;

    /** One page, and {@code grow(n)} answering what {@code memory.grow} answers. */
    static final CompiledModule GROW =
            new ModuleCompiler(EngineMode.COMPILER).compile(new WatAssembler().assemble("""
                    (module
                      (memory (export "memory") 1)
                      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
                    """));

    static Instance instance(GuestMemoryBudget.Lease lease) {
        return GROW.instantiate(ImportValues.builder().build(), lease, false);
    }

    static long grow(Instance i, int pages) {
        return (int) i.export("grow").apply(pages)[0];
    }

    @Test
    void instancesShareOneBudgetAndGiveItBackWhenClosed() {
        GuestMemoryBudget budget = new GuestMemoryBudget(160 * PAGE);
        GuestMemoryBudget.Lease a = budget.lease("t:a", null);
        Instance first = instance(a);
        assertThat(budget.usedBytes()).as("the initial page").isEqualTo(PAGE);
        assertThat(grow(first, 100)).as("previous size").isEqualTo(1);
        assertThat(budget.usedBytes()).isEqualTo(101 * PAGE);
        assertThat(a.heldBytes()).isEqualTo(101 * PAGE);

        GuestMemoryBudget.Lease b = budget.lease("t:b", null);
        Instance second = instance(b);
        assertThat(grow(second, 100)).as("202 pages do not fit in 160").isEqualTo(-1);
        assertThat(budget.refusals()).isEqualTo(1);
        assertThat(budget.usedBytes()).as("a refused grow holds nothing").isEqualTo(102 * PAGE);
        assertThat(grow(second, 10)).as("what fits still grows").isEqualTo(1);

        a.close();
        assertThat(budget.usedBytes()).isEqualTo(11 * PAGE);
        assertThat(grow(second, 100)).isEqualTo(11);
        assertThat(budget.peakBytes()).isEqualTo(112 * PAGE);
        b.close();
        assertThat(budget.usedBytes()).isZero();
        b.close();
        assertThat(budget.usedBytes())
                .as("closing twice gives back nothing more")
                .isZero();
    }

    @Test
    void aSharedMemoryIsChargedForItsGrowthAndOtherwiseChicorysOwn() {
        GuestMemoryBudget budget = new GuestMemoryBudget(4 * PAGE);
        try (GuestMemoryBudget.Lease lease = budget.lease("t:shared", null)) {
            Memory memory = lease.create(new MemoryLimits(1, 10, true), null);
            assertThat(memory.shared()).isTrue();
            assertThat(memory.grow(2)).as("previous size").isEqualTo(1);
            assertThat(budget.usedBytes()).isEqualTo(3 * PAGE);
            assertThat(memory.grow(2)).as("5 pages do not fit in 4").isEqualTo(-1);
            assertThat(budget.refusals()).isEqualTo(1);
            assertThat(memory.pages()).isEqualTo(3);
            memory.writeI32(2 * (int) PAGE, 40);
            assertThat(memory.atomicAddInt(2 * (int) PAGE, 2)).isEqualTo(40);
            assertThat(memory.readInt(2 * (int) PAGE)).isEqualTo(42);
            assertThat(memory).isEqualTo(memory).isNotEqualTo(lease.create(new MemoryLimits(1, 1, true), null));
        }
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void theCeilingOfTheLeaseCapsEachMemory() {
        GuestMemoryBudget budget = new GuestMemoryBudget(1 << 30);
        try (GuestMemoryBudget.Lease lease = budget.lease("t:a", 8)) {
            Instance i = instance(lease);
            assertThat(grow(i, 7)).isEqualTo(1);
            assertThat(grow(i, 1)).as("past the ceiling of 8 pages").isEqualTo(-1);
            assertThat(budget.refusals()).as("the ceiling is not the budget").isZero();
            assertThat(budget.usedBytes()).isEqualTo(8 * PAGE);
        }
    }

    @Test
    void anInstanceTheBudgetCannotHoldIsSaturatedWithTheEntryNamed() {
        GuestMemoryBudget budget = new GuestMemoryBudget(PAGE);
        try (GuestMemoryBudget.Lease a = budget.lease("t:a", null)) {
            instance(a);
            assertThatThrownBy(() -> instance(budget.lease("t:b", null)))
                    .isInstanceOfSatisfying(WippyException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.SATURATED);
                        assertThat(e.functionId()).isEqualTo("t:b");
                    })
                    .hasMessageContaining("guest memory budget exhausted")
                    .hasMessageContaining("wippy.limits.total-memory");
        }
        assertThat(budget.usedBytes()).isZero();
    }

    @Test
    void underPressureIdleInstancesGiveTheirMemoryFirst() {
        GuestMemoryBudget budget = new GuestMemoryBudget(64 * PAGE);
        GuestMemoryBudget.Lease idle = budget.lease("t:idle", null);
        grow(instance(idle), 60);
        budget.onPressure(() -> {
            idle.close();
            return 1;
        });
        try (GuestMemoryBudget.Lease busy = budget.lease("t:busy", null)) {
            Instance i = instance(busy);
            assertThat(grow(i, 40)).as("fits once the idle instance is gone").isEqualTo(1);
            assertThat(budget.refusals()).isZero();
            assertThat(budget.usedBytes()).isEqualTo(41 * PAGE);
        }
    }

    @Test
    void anInstanceNobodyClosedIsGivenBackByTheCollector() throws InterruptedException {
        GuestMemoryBudget budget = new GuestMemoryBudget(1 << 30);
        forget(budget);
        assertThat(budget.usedBytes()).isEqualTo(33 * PAGE);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (budget.usedBytes() != 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(budget.usedBytes()).isZero();
    }

    private static void forget(GuestMemoryBudget budget) {
        grow(instance(budget.lease("t:forgotten", null)), 32);
    }
}
