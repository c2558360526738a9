package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.CallContext;
import ai.wippy.engine.EngineMode;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RuntimeSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A {@code funcs.call} site bound to the handle it called last (the same constant ID again takes the
 * kept handle's scalar call, with the calling Lua call's context as its base): it still calls what
 * the registry serves now after {@code registry.apply}, is refused once an update makes the target
 * one its caller may not call, checks every caller (alice allowed, bob denied, anonymous refused),
 * and a call from another thread is made under that thread's own context, never the binder's.
 */
class LuaBoundCallTest {

    /** {@code s:f} (s32 + {@code add}) with {@code meta.classification}, callable by group users unless secret. */
    private static String secured(String classification, int add) {
        return """
                version: "1.0"
                namespace: s
                entries:
                  - name: users-call
                    kind: security.policy
                    groups: [users]
                    policy:
                      actions: funcs.call
                      resources: "s:*"
                      effect: allow
                      conditions:
                        - { field: meta.classification, operator: ne, value: secret }
                  - name: callers-loop
                    kind: security.policy
                    groups: [callers]
                    policy: { actions: funcs.call, resources: "s:loop", effect: allow }
                  - name: f
                    kind: function.wat
                    meta: { classification: %s }
                    method: f
                    wit: "f: func(a: s32) -> s32;"
                    source: '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const %d i32.add))'
                  - name: loop
                    kind: function.lua
                    method: run
                    modules: [funcs]
                    source: |
                      local funcs = require("funcs")
                      return { run = function(n)
                        local last
                        for i = 1, n do
                          local v, err = funcs.call("s:f", i)
                          if err then return "error: " .. tostring(err) end
                          last = v
                        end
                        return last
                      end }
                """.formatted(classification, add);
    }

    /** A registry of {@code yaml} in which a call with no actor or scope is refused. */
    private static WasmRegistry secure(String yaml) {
        return WasmRegistry.builder()
                .settings(new RuntimeSettings(EngineMode.COMPILER, true, Map.of()))
                .document(TestRegistries.doc(yaml))
                .build();
    }

    /** The {@code call} of a {@code funcs} module made as a Lua call's sandbox makes it. */
    private static LuaValue funcsCall(WasmRegistry r) {
        LuaTable funcs = (LuaTable) LuaModules.granted(List.of("funcs"), () -> r, "s:test", Map.of())
                .get("funcs")
                .get();
        return funcs.get("call");
    }

    /** The constant ID the call sites here call: one Lua string, as a calling function's constant is. */
    private static final LuaValue ID = LuaValue.valueOf("s:f");

    /** {@code call(ID, 3)} in its one-result form (nil) and its {@code r, err} form: refused, naming {@code who}. */
    private static void assertDenied(LuaValue call, String who) {
        assertThat(call.call(ID, LuaValue.valueOf(3)).isnil()).isTrue();
        Varargs out = call.invoke(LuaValue.varargsOf(ID, LuaValue.valueOf(3)));
        assertThat(out.arg1().isnil()).isTrue();
        assertThat(out.arg(2).tojstring()).contains("PERMISSION_DENIED").contains(who);
    }

    /** What a test runs under a context. */
    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with {@code who} as this thread's current context (as a Lua call's thread has its call's). */
    private static void as(CallContext who, Body body) {
        try {
            CallContext.runWith(who, () -> {
                body.run();
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBoundCallSiteFollowsUpdatesAndTheTargetsSecurity() throws Exception {
        try (WasmRegistry r = secure(secured("public", 100))) {
            CallContext alice = TestRegistries.actingAs(r, "alice", "users");
            as(alice, () -> {
                LuaValue call = funcsCall(r);
                for (int i = 0; i < 3; i++) { // the first binds, the others take the bound path
                    assertThat(call.call(ID, LuaValue.valueOf(3)).toint()).isEqualTo(103);
                }

                r.apply(List.of(TestRegistries.doc(secured("public", 200))));
                assertThat(call.call(ID, LuaValue.valueOf(3)).toint()).isEqualTo(203);

                // the policies stay, the target's meta makes it one alice may not call
                r.apply(List.of(TestRegistries.doc(secured("secret", 200))));
                assertDenied(call, "alice");
                assertDenied(call, "alice");

                r.apply(List.of(TestRegistries.doc(secured("public", 300))));
                assertThat(call.call(ID, LuaValue.valueOf(3)).toint()).isEqualTo(303);
            });
        }
    }

    @Test
    void everyCallerIsCheckedOnTheBoundPath() throws Exception {
        try (WasmRegistry r = secure(secured("public", 100))) {
            CallContext alice = TestRegistries.actingAs(r, "alice", "users");
            CallContext bob = TestRegistries.actingAs(r, "bob", "callers");
            for (int round = 0; round < 2; round++) {
                // a Lua loop of five calls of one constant ID: bound after the first
                assertThat(CallContext.runWith(alice, () -> r.call("s:loop", 5)))
                        .isEqualTo(105);
                assertThat(String.valueOf(CallContext.runWith(bob, () -> r.call("s:loop", 5))))
                        .startsWith("error: ")
                        .contains("PERMISSION_DENIED")
                        .contains("bob");
                for (CallContext who : List.of(bob, CallContext.empty())) {
                    as(who, () -> {
                        LuaValue call = funcsCall(r);
                        for (int i = 0; i < 3; i++) {
                            assertDenied(call, who == bob ? "bob" : "s:f");
                        }
                    });
                }
            }
        }
    }

    @Test
    void aCallFromAnotherThreadRunsUnderThatThreadsContext() throws Exception {
        try (WasmRegistry r = secure(secured("public", 100))) {
            CallContext alice = TestRegistries.actingAs(r, "alice", "users");
            CallContext bob = TestRegistries.actingAs(r, "bob", "callers");
            LuaValue call = CallContext.runWith(alice, () -> {
                LuaValue c = funcsCall(r);
                assertThat(c.call(ID, LuaValue.valueOf(1)).toint()).isEqualTo(101);
                assertThat(c.call(ID, LuaValue.valueOf(2)).toint()).isEqualTo(102);
                return c;
            });
            // the site bound under alice, called on a thread running bob's call (as a coroutine's
            // thread would): bob's identity decides, not the one the site was bound under
            CompletableFuture.runAsync(() -> as(bob, () -> assertDenied(call, "bob")))
                    .get();
            assertThat(CallContext.runWith(
                            alice, () -> call.call(ID, LuaValue.valueOf(4)).toint()))
                    .isEqualTo(104);
        }
    }
}
