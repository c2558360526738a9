package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A function pool's instances of a core module with a start function: templated when the start
 * calls no import (later instances skip it and start from its effects), instantiated afresh when it
 * calls one (the host sees every call, as without templates).
 */
class ModuleTemplateTest {

    /**
     * Imports {@code env.tick} (answers how often it was called); the start function adds 40 to the
     * word at 64 and sets the global to 3, and calls {@code tick} when {@code $callOut} is 1. {@code
     * run(op)}: 0 the global, 1 the word at 64, 2 calls tick, 3 adds 1 to the global and the word,
     * 4 writes 0xbad at 64 and traps.
     */
    static String module(boolean callOut) {
        return """
                (module
                  (import "env" "tick" (func $tick (result i32)))
                  (memory 1)
                  (global $g (mut i32) (i32.const 0))
                  (func $init
                    (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 40)))
                    (global.set $g (i32.const 3))
                    %s)
                  (start $init)
                  (func (export "run") (param $op i32) (result i32)
                    (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
                      (br_table $b0 $b1 $b2 $b3 $b4 $b0 (local.get $op)))
                      (return (global.get $g)))
                      (return (i32.load (i32.const 64))))
                      (return (call $tick)))
                      (global.set $g (i32.add (global.get $g) (i32.const 1)))
                      (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 1)))
                      (return (i32.const 0)))
                    (i32.store (i32.const 64) (i32.const 0xbad))
                    (unreachable)))
                """.formatted(callOut ? "(drop (call $tick))" : "");
    }

    static final GuestMemoryBudget BUDGET = GuestMemoryBudget.unbounded();

    static ImportValues tick(AtomicInteger ticks) {
        return ImportValues.builder()
                .addFunction(new HostFunction(
                        "env", "tick", FunctionType.of(List.of(), List.of(ValType.I32)), (instance, args) ->
                                new long[] {ticks.incrementAndGet()}))
                .build();
    }

    static long run(Instance i, int op) {
        return i.export("run").apply(op)[0];
    }

    static ModuleTemplate template(boolean callOut, EngineMode mode) {
        byte[] wasm = new WatAssembler().assemble(module(callOut));
        return new ModuleTemplate(new ModuleCompiler(mode).compile(wasm));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aStartCallingNoImportRunsOnceAndEveryInstanceStartsFromItsEffects(EngineMode mode) {
        ModuleTemplate template = template(false, mode);
        AtomicInteger ticks = new AtomicInteger();
        Instance first = template.instantiate(tick(ticks), BUDGET.lease("t", null));
        assertThat(template.templated()).isTrue();
        assertThat(List.of(run(first, 0), run(first, 1))).containsExactly(3L, 40L);
        assertThat(run(first, 3)).isZero();
        assertThatThrownBy(() -> run(first, 4)).hasMessageContaining("unreachable");

        Instance derived = template.instantiate(tick(ticks), BUDGET.lease("t", null));
        assertThat(List.of(run(derived, 0), run(derived, 1)))
                .as("the start's effects, once: not what the first instance did since")
                .containsExactly(3L, 40L);
        assertThat(run(derived, 2)).as("imports are the new instance's").isEqualTo(1);
        assertThat(run(derived, 3)).isZero();
        assertThatThrownBy(() -> run(derived, 4)).hasMessageContaining("unreachable");

        Instance third = template.instantiate(tick(ticks), BUDGET.lease("t", null));
        assertThat(List.of(run(third, 0), run(third, 1))).containsExactly(3L, 40L);
        assertThat(List.of(run(first, 0), run(derived, 0))).containsExactly(4L, 4L);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aStartCallingAnImportRunsInEveryInstance(EngineMode mode) {
        ModuleTemplate template = template(true, mode);
        AtomicInteger ticks = new AtomicInteger();
        for (int i = 1; i <= 3; i++) {
            Instance instance = template.instantiate(tick(ticks), BUDGET.lease("t", null));
            assertThat(ticks.get())
                    .as("the host saw instance " + i + "'s start")
                    .isEqualTo(i);
            assertThat(List.of(run(instance, 0), run(instance, 1))).containsExactly(3L, 40L);
        }
        assertThat(template.templated()).isFalse();
    }
}
