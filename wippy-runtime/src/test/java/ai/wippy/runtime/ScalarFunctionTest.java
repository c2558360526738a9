package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.security.PolicyScope;
import ai.wippy.spi.RuntimeSettings;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * {@link ScalarFunction}: a function of scalars called with core values. Right answers for each
 * kind of scalar, values outside their type and non-scalar signatures refused naming the function,
 * the caller's identity checked on every call, and live updates followed.
 */
class ScalarFunctionTest {

    private static final String SCALARS = """
            version: "1.0"
            namespace: t
            entries:
              - name: add
                kind: function.wat
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
                source: '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
              - name: inc32
                kind: function.wat
                method: f
                wit: "f: func(a: u32) -> u32;"
                source: '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))'
              - name: low-byte
                kind: function.wat
                method: f
                wit: "f: func(a: s32) -> s8;"
                source: '(module (func (export "f") (param i32) (result i32) local.get 0))'
              - name: half
                kind: function.wat
                method: f
                wit: "f: func(x: f32) -> f32;"
                source: '(module (func (export "f") (param f32) (result f32) local.get 0 f32.const 0.5 f32.mul))'
              - name: neg
                kind: function.wat
                method: f
                wit: "f: func(x: f64, flag: bool) -> f64;"
                source: '(module (func (export "f") (param f64 i32) (result f64) local.get 0 f64.neg))'
              - name: limited
                kind: function.wat
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
                limits: { max_execution_ms: 5000 }
                source: '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul))'
              - name: check
                kind: function.wat
                method: f
                wit: "f: func(boom: bool);"
                source: '(module (func (export "f") (param i32) local.get 0 if unreachable end))'
              - name: spin
                kind: function.wat
                method: f
                wit: "f: func(n: s32);"
                pool: { type: static, size: 1, buffer: 0 }
                source: '(module (func (export "f") (param i32) (loop $l (br $l))))'
              - name: greet
                kind: function.wat
                method: f
                wit: "f: func(name: string) -> u32;"
                source: |
                  (module (memory (export "memory") 1)
                    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
                    (func (export "f") (param i32 i32) (result i32) local.get 1))
            """;

    private static void assertKind(ThrowingCallable call, ErrorKind kind, String... words) {
        var a = TestRegistries.failsWith(kind, call);
        for (String w : words) {
            a.hasMessageContaining(w);
        }
    }

    @Test
    void eachScalarTypeComesBackAsItsCoreValue() {
        try (WasmRegistry r = TestRegistries.runtime(SCALARS)) {
            ScalarFunction add = r.handle("t:add").scalar();
            assertThat(add.call(6, 7)).isEqualTo(13);
            assertThat(add.call(-6, 2)).isEqualTo(-4);
            assertThat(add.call(Integer.MAX_VALUE, 1)).as("s32 wraps").isEqualTo(Integer.MIN_VALUE);
            assertThat(add.callWith(new long[] {1, 2})).isEqualTo(3);

            ScalarFunction inc = r.handle("t:inc32").scalar();
            assertThat(inc.call(0xFFFF_FFFEL)).as("u32 zero-extended").isEqualTo(0xFFFF_FFFFL);
            assertThat(inc.call(0xFFFF_FFFFL)).isZero();

            assertThat(r.handle("t:low-byte").scalar().call(0x1FF))
                    .as("s8 sign-extended")
                    .isEqualTo(-1);
            assertThat(ScalarFunction.asF32(r.handle("t:half").scalar().call(ScalarFunction.f32(3f))))
                    .isEqualTo(1.5f);
            assertThat(ScalarFunction.asF64(r.handle("t:neg").scalar().call(ScalarFunction.f64(2.5), 1)))
                    .isEqualTo(-2.5);
            assertThat(r.handle("t:limited").scalar().call(6, 7))
                    .as("an entry with an execution limit takes the general path")
                    .isEqualTo(42);
            assertThat(r.handle("t:add").scalar())
                    .hasToString("ScalarFunction[t:add: add: func(a: s32, b: s32) -> s32]");
        }
    }

    @Test
    void valuesOutsideTheirTypeAndSignaturesOtherThanScalarsAreRefused() {
        try (WasmRegistry r = TestRegistries.runtime(SCALARS)) {
            ScalarFunction add = r.handle("t:add").scalar();
            assertKind(() -> add.call(1L << 40, 1), ErrorKind.INVALID, "argument 1 ('a') of t:add", "s32");
            assertKind(() -> add.call(1), ErrorKind.INVALID, "expected 2 argument(s)", "got 1");
            assertKind(() -> r.handle("t:inc32").scalar().call(-1), ErrorKind.INVALID, "'a'", "u32");
            assertKind(() -> r.handle("t:neg").scalar().call(0, 2), ErrorKind.INVALID, "argument 2 ('flag')", "bool");
            assertKind(() -> r.handle("t:limited").scalar().call(1L << 33, 0), ErrorKind.INVALID, "argument 1 ('a')");
            assertKind(
                    () -> r.handle("t:greet").scalar(),
                    ErrorKind.INVALID,
                    "t:greet",
                    "parameter 'name' is string",
                    "call()");
            assertKind(() -> r.handle("t:missing").scalar(), ErrorKind.NOT_FOUND, "t:missing");
        }
    }

    @Test
    void theBoxedJavaApiGivesTheSameAnswersAndErrorsOnTheScalarPath() {
        try (WasmRegistry r = TestRegistries.runtime(SCALARS)) {
            assertThat(r.call("t:add", 6, 7)).isEqualTo(13);
            assertThat(r.call("t:inc32", 0xFFFF_FFFEL)).as("u32 as a Long").isEqualTo(0xFFFF_FFFFL);
            assertThat(r.call("t:low-byte", 0x1FF)).isEqualTo(-1);
            assertThat(r.call("t:half", 3f)).isEqualTo(1.5f);
            assertThat(r.call("t:neg", 2.5, true)).isEqualTo(-2.5);
            assertThat(r.call("t:check", false)).as("no result").isNull();
            assertThat(r.call("t:add", 6L, (short) 7))
                    .as("other boxes: the general path")
                    .isEqualTo(13);
            assertThat(r.call("t:limited", 6, 7))
                    .as("an execution limit: the general path")
                    .isEqualTo(42);

            assertKind(() -> r.call("t:add", "6", 7), ErrorKind.INVALID, "t:add", "a");
            assertKind(() -> r.call("t:add", 1, 1L << 40), ErrorKind.INVALID, "t:add", "b");
            assertKind(() -> r.call("t:inc32", -1L), ErrorKind.INVALID, "t:inc32", "a");
            assertKind(() -> r.call("t:neg", 1.0, 2), ErrorKind.INVALID, "t:neg", "flag");
            assertKind(() -> r.call("t:add", 6), ErrorKind.INVALID, "expected 2 argument(s)");

            var pool = r.function("t:check").orElseThrow().pool();
            assertKind(() -> r.call("t:check", true), ErrorKind.TRAPPED, "t:check");
            assertThat(pool.stats().discarded())
                    .as("the trapped instance is discarded")
                    .isEqualTo(1);
            assertThat(r.call("t:check", false)).isNull();
            assertKind(() -> r.handle("t:check").scalar().call(1), ErrorKind.TRAPPED, "t:check");
            assertThat(pool.stats().discarded()).isEqualTo(2);
        }
    }

    @Test
    void aPoolWhoseOneInstanceIsBusySaysSoOnTheScalarPath() throws Exception {
        try (WasmRegistry r = TestRegistries.runtime(SCALARS)) {
            var pool = r.function("t:spin").orElseThrow().pool();
            CallContext limited = CallContext.empty().withTimeout(java.time.Duration.ofSeconds(3));
            var spinning = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    CallContext.runWith(limited, () -> r.call("t:spin", 1));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            while (pool.stats().busy() == 0) {
                Thread.sleep(1);
            }
            assertKind(() -> r.call("t:spin", 1), ErrorKind.SATURATED, "pool saturated");
            assertKind(() -> r.handle("t:spin").scalar().call(1), ErrorKind.SATURATED, "pool saturated");
            assertThat(pool.stats().rejected()).isEqualTo(2);
            assertThatThrownBy(spinning::join)
                    .hasCauseInstanceOf(WippyException.class)
                    .hasMessageContaining("execution exceeded");
            assertThat(pool.stats().discarded())
                    .as("the stopped instance is discarded")
                    .isEqualTo(1);
        }
    }

    private static final String ARITIES = """
            version: "1.0"
            namespace: n
            entries:
              - name: seven
                kind: function.wat
                method: f
                wit: "f: func() -> s32;"
                source: '(module (func (export "f") (result i32) i32.const 7))'
              - name: sum3
                kind: function.wat
                method: f
                wit: "f: func(a: s32, b: s32, c: s32) -> s32;"
                source: '(module (func (export "f") (param i32 i32 i32) (result i32)
                  local.get 0 local.get 1 i32.add local.get 2 i32.add))'
              - name: sum4
                kind: function.wat
                method: f
                wit: "f: func(a: s32, b: s32, c: s32, d: s32) -> s32;"
                source: '(module (func (export "f") (param i32 i32 i32 i32) (result i32)
                  local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add))'
              - name: sum5
                kind: function.wat
                method: f
                wit: "f: func(a: s32, b: s32, c: s32, d: s32, e: s32) -> s32;"
                source: '(module (func (export "f") (param i32 i32 i32 i32 i32) (result i32)
                  local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add local.get 4 i32.add))'
              - name: next-char
                kind: function.wat
                method: f
                wit: "f: func(c: char) -> char;"
                source: '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))'
            """;

    @Test
    void everyArityGivesTheSameAnswersAndErrorsOneByOneOrAsAnArray() {
        try (WasmRegistry r = TestRegistries.runtime(ARITIES)) {
            assertThat(r.call("n:seven")).isEqualTo(7);
            assertThat(r.call("n:sum3", 1, 2, 3)).isEqualTo(6);
            assertThat(r.call("n:sum4", 1, 2, 3, 4)).isEqualTo(10);
            assertThat(r.call("n:sum5", 1, 2, 3, 4, 5))
                    .as("past four: the array")
                    .isEqualTo(15);
            assertThat(r.call("n:sum4", new Object[] {1, 2, 3, 4}))
                    .as("an Object[] alone is spread")
                    .isEqualTo(10);
            assertThat(r.handle("n:sum3").call(1, 2, 3)).isEqualTo(6);
            assertThat(r.call("n:sum3", 1, 2L, (short) 3))
                    .as("other boxes: the general path")
                    .isEqualTo(6);
            assertKind(() -> r.call("n:seven", 1), ErrorKind.INVALID, "expected 0 argument(s)", "got 1");
            assertKind(() -> r.call("n:sum3", 1, 2), ErrorKind.INVALID, "expected 3 argument(s)", "got 2");
            assertKind(() -> r.call("n:sum4", 1, 2, 3, "4"), ErrorKind.INVALID, "n:sum4", "d");
            assertKind(() -> r.call("n:sum5", 1, 2, 3, 4, 1L << 40), ErrorKind.INVALID, "n:sum5", "e");

            assertThat(r.handle("n:seven").scalar().call()).isEqualTo(7);
            assertThat(r.handle("n:sum3").scalar().call(1, 2, 3)).isEqualTo(6);
            ScalarFunction sum4 = r.handle("n:sum4").scalar();
            assertThat(sum4.call(1, 2, 3, 4)).isEqualTo(10);
            assertKind(() -> sum4.call(1, 2, 3, 1L << 40), ErrorKind.INVALID, "argument 4 ('d') of n:sum4", "s32");
            assertKind(() -> sum4.call(1, 2, 3), ErrorKind.INVALID, "expected 4 argument(s)", "got 3");
            assertThat(r.handle("n:sum5").scalar().callWith(new long[] {1, 2, 3, 4, 5}))
                    .isEqualTo(15);

            ScalarFunction next = r.handle("n:next-char").scalar();
            assertThat(next.call('A')).isEqualTo('B');
            assertKind(() -> next.call(0xD800), ErrorKind.INVALID, "argument 1 ('c') of n:next-char", "char");
            assertKind(() -> next.call(0x110000), ErrorKind.INVALID, "argument 1 ('c')", "char");
        }
    }

    private static final String SECURED = TestRegistries.head("s") + TestRegistries.usersMayCall("s", null) + """
              - name: f
                kind: function.wat
                method: f
                wit: "f: func(a: s32) -> s32;"
                source: '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))'
            """;

    @Test
    void theCallersIdentityIsCheckedOnEveryCall() throws Exception {
        try (WasmRegistry r = WasmRegistry.builder()
                .settings(new RuntimeSettings(EngineMode.COMPILER, true, Map.of()))
                .document(TestRegistries.doc(SECURED))
                .build()) {
            ScalarFunction f = r.handle("s:f").scalar();
            PolicyScope users = r.policies().scopeForGroups(List.of("users"));
            PolicyScope guests = r.policies().scopeForGroups(List.of("guests"));
            CallContext alice = CallContext.empty().withActor(Actor.of("alice")).withScope(users);
            CallContext bob = CallContext.empty().withActor(Actor.of("bob")).withScope(guests);
            for (int i = 0; i < 3; i++) {
                assertThat(CallContext.runWith(alice, () -> r.call("s:f", 1))).isEqualTo(2);
                assertKind(
                        () -> CallContext.runWith(bob, () -> r.call("s:f", 1)),
                        ErrorKind.PERMISSION_DENIED,
                        "bob",
                        "s:f");
                assertKind(() -> r.call("s:f", 1), ErrorKind.PERMISSION_DENIED, "anonymous caller", "s:f");
                assertThat(CallContext.runWith(alice, () -> f.call(1))).isEqualTo(2);
                assertKind(() -> CallContext.runWith(bob, () -> f.call(1)), ErrorKind.PERMISSION_DENIED, "bob", "s:f");
                assertKind(() -> f.call(1), ErrorKind.PERMISSION_DENIED, "anonymous caller", "s:f");
                // invoke under a given context: checked for that context, whether it is the current one or not
                assertThat(CallContext.runWith(alice, () -> f.invoke(alice, 1L)))
                        .isEqualTo(2L);
                assertThat(CallContext.runWith(bob, () -> f.invoke(alice, 1L))).isEqualTo(2L);
                assertKind(() -> CallContext.runWith(bob, () -> f.invoke(bob, 1L)), ErrorKind.PERMISSION_DENIED, "bob");
                assertKind(
                        () -> CallContext.runWith(alice, () -> f.invoke(bob, 1L)), ErrorKind.PERMISSION_DENIED, "bob");
                assertKind(() -> f.invoke(bob, 1L), ErrorKind.PERMISSION_DENIED, "bob");
            }
            assertKind(() -> CallContext.runWith(bob, () -> f.call(1L << 40)), ErrorKind.PERMISSION_DENIED, "bob");
        }
    }

    /** A registry of {@code g:f} with meta {@code classification}, and the policy that lets users call it unless secret. */
    private static String guarded(boolean withPolicy, String classification) {
        String policy = withPolicy
                ? TestRegistries.usersMayCall("g", "{ field: meta.classification, operator: ne, value: secret }")
                : "";
        return TestRegistries.head("g") + policy + """
                  - name: f
                    kind: function.wat
                    meta: { classification: %s }
                    method: f
                    wit: "f: func(a: s32) -> s32;"
                    source: '(module (func (export "f") (param i32) (result i32) local.get 0))'
                """.formatted(classification);
    }

    @Test
    void aDecisionRememberedForOneContextLastsOnlyAsLongAsItsVersion() throws Exception {
        try (WasmRegistry r = WasmRegistry.builder()
                .settings(new RuntimeSettings(EngineMode.COMPILER, false, Map.of(), true))
                .document(TestRegistries.doc(guarded(false, "public")))
                .build()) {
            ScalarFunction f = r.handle("g:f").scalar();
            CallContext none = CallContext.empty();
            for (int i = 0; i < 3; i++) {
                assertThat(CallContext.runWith(none, () -> f.call(1))).isEqualTo(1);
                assertThat(r.call("g:f", 1)).isEqualTo(1);
            }

            // a policy arrives: a call without an identity is denied from now on, the same context too
            r.apply(List.of(TestRegistries.doc(guarded(true, "public"))));
            assertKind(() -> CallContext.runWith(none, () -> f.call(1)), ErrorKind.PERMISSION_DENIED, "g:f");
            assertKind(() -> f.call(1), ErrorKind.PERMISSION_DENIED, "anonymous caller", "g:f");
            assertKind(() -> r.call("g:f", 1), ErrorKind.PERMISSION_DENIED, "anonymous caller", "g:f");

            // one context the policy allows, used again and again; then the target's meta denies it
            CallContext alice = CallContext.empty()
                    .withActor(Actor.of("alice"))
                    .withScope(r.policies().scopeForGroups(List.of("users")));
            for (int i = 0; i < 3; i++) {
                assertThat(CallContext.runWith(alice, () -> f.call(2))).isEqualTo(2);
                assertThat(CallContext.runWith(alice, () -> r.call("g:f", 2))).isEqualTo(2);
            }
            r.apply(List.of(TestRegistries.doc(guarded(true, "secret"))));
            assertKind(() -> CallContext.runWith(alice, () -> f.call(2)), ErrorKind.PERMISSION_DENIED, "alice");
            assertKind(() -> CallContext.runWith(alice, () -> r.call("g:f", 2)), ErrorKind.PERMISSION_DENIED, "alice");
        }
    }

    private static String answers(String wit, String body) {
        return """
                version: "1.0"
                namespace: u
                entries:
                  - name: f
                    kind: function.wat
                    method: f
                    wit: "%s"
                    source: '(module (func (export "f") %s))'
                """.formatted(wit, body);
    }

    @Test
    void aReplacedEntryIsCalledARemovedOneIsNotFoundAndAChangedSignatureIsRefused() {
        String s32 = "f: func(a: s32) -> s32;";
        try (WasmRegistry r =
                TestRegistries.runtime(answers(s32, "(param i32) (result i32) local.get 0 i32.const 100 i32.add"))) {
            ScalarFunction f = r.handle("u:f").scalar();
            assertThat(f.call(1)).isEqualTo(101);

            r.apply(List.of(
                    TestRegistries.doc(answers(s32, "(param i32) (result i32) local.get 0 i32.const 200 i32.add"))));
            assertThat(f.call(1)).isEqualTo(201);
            assertThat(r.call("u:f", 1)).isEqualTo(201);

            r.apply(List.of(TestRegistries.doc(
                    answers(s32, "(param i32) (result i32) local.get 0").replace("name: f", "name: g"))));
            assertKind(() -> f.call(1), ErrorKind.NOT_FOUND, "u:f");
            assertKind(() -> r.call("u:f", 1), ErrorKind.NOT_FOUND, "u:f");

            r.apply(List.of(
                    TestRegistries.doc(answers("f: func(a: s64) -> s64;", "(param i64) (result i64) local.get 0"))));
            assertKind(() -> f.call(1), ErrorKind.INVALID, "u:f is now f: func(a: s64) -> s64", "made for");

            r.apply(List.of(
                    TestRegistries.doc(answers(s32, "(param i32) (result i32) local.get 0 i32.const 300 i32.add"))));
            assertThat(f.call(1)).isEqualTo(301);
        }
    }

    @Test
    void callsRacingUpdatesRunOnTheOldVersionOrTheNewOneNeverOnAClosedPool() throws Exception {
        String s32 = "f: func(a: s32) -> s32;";
        java.util.function.IntFunction<String> version =
                v -> answers(s32, "(param i32) (result i32) local.get 0 i32.const " + v + " i32.add");
        try (WasmRegistry r = TestRegistries.runtime(version.apply(0))) {
            ScalarFunction f = r.handle("u:f").scalar();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var seen = java.util.concurrent.ConcurrentHashMap.<Long>newKeySet();
            java.util.concurrent.Callable<Integer> caller = () -> {
                int calls = 0;
                while (!stop.get()) {
                    seen.add(f.call(0));
                    seen.add(((Integer) r.call("u:f", 0)).longValue());
                    calls++;
                }
                return calls;
            };
            try (var exec = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var a = exec.submit(caller);
                var b = exec.submit(caller);
                for (int v = 1; v <= 20; v++) {
                    r.apply(List.of(TestRegistries.doc(version.apply(v))));
                }
                stop.set(true);
                assertThat(a.get() + b.get()).isPositive();
            }
            assertThat(seen).allSatisfy(v -> assertThat(v).isBetween(0L, 20L));
            assertThat(f.call(0)).isEqualTo(20);
        }
    }
}
