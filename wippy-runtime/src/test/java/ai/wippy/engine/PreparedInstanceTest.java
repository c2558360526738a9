package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instances made from a module's prepared plan ({@link com.dylibso.chicory.runtime.PreparedInstance},
 * every instance after the first) are as separate as those of Chicory's builder: a global, a table
 * entry, a dropped passive data segment, the memory and the imports of one instance are never seen
 * by another; imports that do not fit the plan are still linked and refused by the builder, with
 * its message.
 */
class PreparedInstanceTest {

    /**
     * Imports {@code env.tick}. {@code run(op)}: 0 the global, 1 the word at 64, 2 the function in
     * table slot 0 (7 or 9), 3 copies the passive segment's first byte to 128 and answers it, 4
     * calls tick; {@code change()} adds 1 to the global and the word, points slot 0 at the other
     * function and drops the segment (a later {@code run(3)} then traps).
     */
    static final String MODULE = """
            (module
              (import "env" "tick" (func $tick (result i32)))
              (memory 1)
              (global $g (mut i32) (i32.const 5))
              (table 1 funcref)
              (elem (i32.const 0) $seven)
              (elem declare func $nine)
              (type $answer (func (result i32)))
              (data (i32.const 64) "\\01\\00\\00\\00")
              (data $passive "\\2a")
              (func $seven (result i32) (i32.const 7))
              (func $nine (result i32) (i32.const 9))
              (func (export "run") (param $op i32) (result i32)
                (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
                  (br_table $b0 $b1 $b2 $b3 $b4 $b0 (local.get $op)))
                  (return (global.get $g)))
                  (return (i32.load (i32.const 64))))
                  (return (call_indirect (type $answer) (i32.const 0))))
                  (memory.init $passive (i32.const 128) (i32.const 0) (i32.const 1))
                  (return (i32.load8_u (i32.const 128))))
                (call $tick))
              (func (export "change")
                (global.set $g (i32.add (global.get $g) (i32.const 1)))
                (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 1)))
                (table.set (i32.const 0) (ref.func $nine))
                (data.drop $passive)))
            """;

    static List<Long> observe(Instance i) {
        return List.of(run(i, 0), run(i, 1), run(i, 2), run(i, 3));
    }

    static long run(Instance i, int op) {
        return i.export("run").apply(op)[0];
    }

    static Instance instantiate(CompiledModule module, ImportValues imports) {
        return module.instantiate(imports, GuestMemoryBudget.unbounded().lease("t", null), false);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void preparedInstancesShareNoStateWithEachOther(EngineMode mode) {
        CompiledModule module = new ModuleCompiler(mode).compile(new WatAssembler().assemble(MODULE));
        AtomicInteger firstTicks = new AtomicInteger();
        Instance first = instantiate(module, ModuleTemplateTest.tick(firstTicks));
        assertThat(module.prepared()).isTrue();
        List<Long> fresh = List.of(5L, 1L, 7L, 42L);
        assertThat(observe(first)).isEqualTo(fresh);

        AtomicInteger secondTicks = new AtomicInteger();
        Instance second = instantiate(module, ModuleTemplateTest.tick(secondTicks));
        Instance third = instantiate(module, ModuleTemplateTest.tick(new AtomicInteger(100)));
        assertThat(observe(second)).isEqualTo(fresh);
        second.export("change").apply();
        assertThat(List.of(run(second, 0), run(second, 1), run(second, 2))).containsExactly(6L, 2L, 9L);
        assertThatThrownBy(() -> run(second, 3)).hasMessageContaining("out of bounds");
        // neither the first (the builder's) nor the third (made before the change) nor a fourth (after) sees it
        Instance fourth = instantiate(module, ModuleTemplateTest.tick(new AtomicInteger(200)));
        for (Instance other : List.of(first, third, fourth)) {
            assertThat(observe(other)).isEqualTo(fresh);
        }
        assertThat(first.memory()).isNotSameAs(second.memory());
        // each instance calls its own imports
        assertThat(List.of(run(second, 4), run(second, 4), run(third, 4), run(fourth, 4), run(first, 4)))
                .containsExactly(1L, 2L, 101L, 201L, 1L);
        assertThat(firstTicks.get()).isEqualTo(1);
        assertThat(secondTicks.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void importsThatDoNotFitThePlanAreCheckedByTheBuilder(EngineMode mode) {
        CompiledModule module = new ModuleCompiler(mode).compile(new WatAssembler().assemble(MODULE));
        instantiate(module, ModuleTemplateTest.tick(new AtomicInteger()));
        assertThat(module.prepared()).isTrue();
        ImportValues wrongType = ImportValues.builder()
                .addFunction(new HostFunction(
                        "env", "tick", FunctionType.of(List.of(), List.of(ValType.I64)), (instance, args) ->
                                new long[] {1}))
                .build();
        assertThatThrownBy(() -> instantiate(module, wrongType))
                .isInstanceOf(UnlinkableException.class)
                .hasMessageContaining("env.tick");
        assertThatThrownBy(() -> instantiate(module, ImportValues.empty()))
                .isInstanceOf(UnlinkableException.class)
                .hasMessageContaining("env.tick");
        // an extra import value the module does not ask for: the builder links by name and accepts it
        ImportValues extra = ImportValues.builder()
                .addFunction(ModuleTemplateTest.tick(new AtomicInteger(10)).function(0))
                .addMemory(new ImportMemory(
                        "env", "unused", new com.dylibso.chicory.runtime.ByteBufferMemory(new MemoryLimits(1))))
                .build();
        assertThat(run(instantiate(module, extra), 4)).isEqualTo(11L);
    }
}
