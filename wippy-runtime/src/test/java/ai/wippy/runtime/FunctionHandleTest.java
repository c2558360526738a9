package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.Decision;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.SecurityScope;
import ai.wippy.security.PolicyScope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A {@link FunctionHandle} is resolved once per version of the registry and follows live updates;
 * its {@code funcs.call} decisions are cached per (scope, actor) until the registry or the scope
 * changes, and never serve one scope or actor another's decision.
 */
class FunctionHandleTest {

    private static String answers(int value) {
        return TestRegistries.head("t") + """
                  - name: answer
                    kind: function.wat
                    method: f
                    wit: "f: func(a: s32) -> s32;"
                    source: '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const %d i32.add))'
                """.formatted(value);
    }

    @Test
    void aHandleCallsTheVersionThatReplacedItsEntryAndNamesTheIdOnceItIsGone() {
        try (WasmRegistry r = TestRegistries.runtime(answers(100))) {
            FunctionHandle h = r.handle("t:answer");
            assertThat(h.call(1)).isEqualTo(101);
            assertThat(r.handle("t:answer")).isSameAs(h);
            assertThat(r.handle(new String("t:answer")))
                    .as("an equal ID in another string")
                    .isSameAs(h);
            assertThat(r.call("t:answer", 1)).isEqualTo(101);

            r.apply(List.of(TestRegistries.doc(answers(200))));
            assertThat(h.call(1)).isEqualTo(201);

            r.apply(List.of(TestRegistries.doc(answers(200).replace("name: answer", "name: other"))));
            TestRegistries.failsWith(ErrorKind.NOT_FOUND, () -> h.call(1)).hasMessageContaining("t:answer");
            TestRegistries.failsWith(ErrorKind.NOT_FOUND, () -> r.call("t:answer", 1))
                    .hasMessageContaining("t:answer");
            assertThat(h.function()).isEmpty();

            r.apply(List.of(TestRegistries.doc(answers(300))));
            assertThat(h.call(1)).isEqualTo(301);
            assertThat(r.call("t:answer", 1)).isEqualTo(301);
        }
    }

    @Test
    void argumentsAreCheckedAgainstTheSignatureOnEveryPath() {
        try (WasmRegistry r = TestRegistries.runtime(answers(0))) {
            FunctionHandle h = r.handle("t:answer");
            assertThat(h.call(5L)).as("a long that fits an s32 is converted").isEqualTo(5);
            TestRegistries.failsWith(ErrorKind.INVALID, () -> h.call(1L << 40)).hasMessageContaining("a");
            TestRegistries.failsWith(ErrorKind.INVALID, () -> h.call(1, 2))
                    .hasMessageContaining("expected 1 argument(s)");
        }
    }

    private static String secured(String functionMeta) {
        return TestRegistries.head("s")
                + TestRegistries.usersMayCall("s", "{ field: meta.classification, operator: ne, value: secret }")
                + TestRegistries.noInterns("users")
                + """
                  - name: f
                    kind: function.wat
                    meta: { classification: %s }
                    method: f
                    source: '(module (func (export "f") (result i32) i32.const 7))'
                """.formatted(functionMeta);
    }

    private static CallContext as(Actor actor, SecurityScope scope) {
        return CallContext.empty().withActor(actor).withScope(scope);
    }

    private static void assertDenied(FunctionHandle h, CallContext ctx, String who) {
        TestRegistries.failsWith(ErrorKind.PERMISSION_DENIED, () -> h.call(ctx, List.of()))
                .hasMessageContaining(who)
                .hasMessageContaining("s:f");
    }

    @Test
    void aPolicyChangeByRegistryApplyIsSeenByTheCachedDecisions() {
        try (WasmRegistry r = TestRegistries.runtime(secured("public"))) {
            FunctionHandle h = r.handle("s:f");
            Actor alice = Actor.of("alice");
            PolicyScope users = r.policies().scopeForGroups(List.of("users"));
            for (int i = 0; i < 3; i++) {
                assertThat(h.call(as(alice, users), List.of())).isEqualTo(7);
            }

            // the policies stay as they were (the same scope decides), the target's meta changes
            r.apply(List.of(TestRegistries.doc(secured("secret"))));
            PolicyScope usersNow = r.policies().scopeForGroups(List.of("users"));
            assertThat(usersNow).isEqualTo(users);
            assertDenied(h, as(alice, users), "alice");
            assertDenied(h, as(alice, usersNow), "alice");

            r.apply(List.of(TestRegistries.doc(secured("public").replace("effect: allow", "effect: deny"))));
            assertDenied(h, as(alice, r.policies().scopeForGroups(List.of("users"))), "alice");

            r.apply(List.of(TestRegistries.doc(secured("public"))));
            assertThat(h.call(as(alice, r.policies().scopeForGroups(List.of("users"))), List.of()))
                    .isEqualTo(7);
        }
    }

    @Test
    void aDifferentScopeOrActorIsNeverServedAnothersDecision() {
        try (WasmRegistry r = TestRegistries.runtime(secured("public"))) {
            FunctionHandle h = r.handle("s:f");
            Actor alice = Actor.of("alice");
            Actor intern = new Actor("ivan", Map.of("level", "intern"));
            PolicyScope users = r.policies().scopeForGroups(List.of("users"));
            PolicyScope nobody = r.policies().scopeForGroups(List.of("guests"));
            for (int i = 0; i < 3; i++) {
                assertThat(h.call(as(alice, users), List.of())).isEqualTo(7);
                assertDenied(h, as(alice, nobody), "alice");
                assertDenied(h, as(intern, users), "ivan");
                assertThat(h.call(as(alice, r.policies().scopeForGroups(List.of("users"))), List.of()))
                        .as("an equal scope built anew, as per request")
                        .isEqualTo(7);
            }
        }
    }

    @Test
    void aScopeOfAnotherKindIsAskedOnEveryCall() {
        try (WasmRegistry r = TestRegistries.runtime(secured("public"))) {
            FunctionHandle h = r.handle("s:f");
            AtomicInteger asked = new AtomicInteger();
            SecurityScope everyOther = (actor, action, resource, meta) ->
                    asked.incrementAndGet() % 2 == 1 ? Decision.ALLOW : Decision.DENY;
            CallContext ctx = as(Actor.of("alice"), everyOther);
            assertThat(h.call(ctx, List.of())).isEqualTo(7);
            assertDenied(h, ctx, "alice");
            assertThat(h.call(ctx, List.of())).isEqualTo(7);
        }
    }
}
