package ai.wippy.funcs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.Actor;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A core module calling registry functions through {@code wippy:runtime/funcs} call-string. */
class FuncsCoreModuleTest {

    // relay(target, input) -> string: calls call-string and returns its ok or err string.
    static final String RELAY = """
                    (module
                      (import "wippy:runtime/funcs" "call-string" (func $call (param i32 i32 i32 i32 i32)))
                      (memory (export "memory") 1)
                      (global $heap (mut i32) (i32.const 4096))
                      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                        (local $p i32)
                        global.get $heap local.get 2 i32.add i32.const 1 i32.sub
                        i32.const 0 local.get 2 i32.sub i32.and local.set $p
                        local.get $p local.get 3 i32.add global.set $heap
                        local.get $p)
                      (func (export "relay") (param i32 i32 i32 i32) (result i32)
                        local.get 0 local.get 1 local.get 2 local.get 3 i32.const 1024 call $call
                        i32.const 1028))
            """;

    static final String YAML = """
            version: "1.0"
            namespace: t
            entries:
              - name: add
                kind: function.wat
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
                source: '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
              - name: relay
                kind: function.wat
                method: relay
                imports: [funcs]
                wit: "relay: func(target: string, input: string) -> string;"
                source: |
            %s
              - name: relay-ungranted
                kind: function.wat
                method: relay
                wit: "relay: func(target: string, input: string) -> string;"
                source: |
            %s
              - name: relay-only
                kind: security.policy
                groups: [relayers]
                policy: { actions: funcs.call, resources: "t:relay", effect: allow }
            """.formatted(RELAY.indent(6), RELAY.indent(6));

    @Test
    void aGuestCallsAnotherFunctionWithJsonArguments() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat(r.call("t:relay", "t:add", "[6, 7]")).isEqualTo("13");
            assertThat(r.call("t:relay", "t:nope", "")).asString().startsWith("NOT_FOUND");
            assertThat(r.call("t:relay", "t:add", "[6, 300000000000]"))
                    .asString()
                    .startsWith("INVALID")
                    .contains("out of range for s32");
            assertThat(r.call("t:relay", "t:add", "{oops")).asString().startsWith("INVALID: input is not JSON");
        }
    }

    @Test
    void theActorIsTheSameAtTheThirdHop() {
        ai.wippy.spi.EntryHandler whoami = new ai.wippy.spi.EntryHandler() {
            @Override
            public java.util.Set<String> kinds() {
                return java.util.Set.of("test.whoami");
            }

            @Override
            public void load(ai.wippy.registry.RegistryEntry entry, ai.wippy.spi.LoadContext context) {
                context.addFunction(new ai.wippy.spi.JavaFunction(
                        entry,
                        new ai.wippy.wit.FunctionSignature("whoami", List.of(), ai.wippy.wit.WitType.Primitive.STRING),
                        ai.wippy.pool.PoolConfig.defaults(),
                        (ctx, args) -> ctx.actor().id() + " at depth " + ctx.depth()));
            }
        };
        String yaml = YAML + "  - name: whoami\n    kind: test.whoami\n";
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc(yaml))
                .handler(whoami)
                .build()) {
            // Java -> relay (WASM) -> relay (WASM) -> whoami (Java)
            Object seen = r.caller().withActor(Actor.of("ada")).call("t:relay", "t:relay", "[\"t:whoami\", \"\"]");
            assertThat(seen).isEqualTo("ada at depth 3");
        }
    }

    @Test
    void withoutTheGrantTheCallIsRefused() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat(r.call("t:relay-ungranted", "t:add", "[1, 2]"))
                    .asString()
                    .contains("capability not granted: funcs");
        }
    }

    @Test
    void theNestedCallIsCheckedAgainstTheCallersScope() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            var relayer = r.caller()
                    .withActor(Actor.of("rita"))
                    .withScope(r.policies().scopeForGroups(List.of("relayers")));
            assertThat(relayer.call("t:relay", "t:add", "[1, 2]"))
                    .asString()
                    .isEqualTo("PERMISSION_DENIED: actor 'rita' may not funcs.call t:add: no policy allows it");
        }
    }
}
