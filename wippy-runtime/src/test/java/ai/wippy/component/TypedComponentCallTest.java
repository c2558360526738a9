package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.runtime.FunctionHandle;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.value.JavaArguments;
import ai.wippy.value.JavaBinding;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A typed call of a component (what a typed proxy makes): the Java records are written straight into
 * the guest and the result is read straight into Java records, through the same front door (security,
 * argument errors with the value's path) as every other call.
 */
class TypedComponentCallTest {

    record User(String name, int age, List<String> tags) {}

    record Display(String name, boolean adult, int tagCount, Optional<String> firstTag) {}

    interface Transform {
        List<Display> transformUsers(List<User> users);
    }

    /** The fixtures' folder and a policy letting group {@code users} call every {@code comp:} function. */
    static final String FIXTURES_FOR_USERS = """
            version: "1.0"
            namespace: comp
            entries:
              - name: fixtures
                kind: fs.directory
                directory: src/test/fixtures/component
              - name: users-call
                kind: security.policy
                groups: [users]
                policy: { actions: funcs.call, resources: "comp:*", effect: allow }
            """;

    static final String YAML = FIXTURES_FOR_USERS
            + TestRegistries.fixtureFunction(
                    "transform_users",
                    "transform-users/transform-users.wasm",
                    "transform-users",
                    "pool: { type: lazy, max_size: 2 }");

    private static JavaBinding binding(WasmRegistry registry) throws Exception {
        Method m = Transform.class.getMethod("transformUsers", List.class);
        return JavaBinding.of(
                registry.function("comp:transform_users").orElseThrow().signature(),
                m.getGenericParameterTypes(),
                m.getGenericReturnType());
    }

    private static CallContext as(WasmRegistry registry, String group) {
        return TestRegistries.actingAs(registry, "alice", group);
    }

    private static Object call(CallContext ctx, FunctionHandle h, JavaBinding b, Object... args) throws Exception {
        return CallContext.runWith(ctx, () -> h.call(b, args));
    }

    @Test
    void recordsGoInAndComeOutStraight() throws Exception {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            JavaBinding b = binding(registry);
            FunctionHandle h = registry.handle("comp:transform_users");
            List<User> users = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                users.add(new User("user" + i, i % 90, i % 3 == 0 ? List.of() : List.of("t" + i, "team")));
            }
            users.add(new User("café ünïcode", 40, List.of("日本")));
            assertThat(b.lower(List.of(users))).isInstanceOf(JavaArguments.class);
            Object result = call(as(registry, "users"), h, b, users);
            assertThat(result)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .hasSize(501);
            List<?> displays = (List<?>) result;
            assertThat(displays.get(0)).isEqualTo(new Display("USER0", false, 0, Optional.empty()));
            assertThat(displays.get(20)).isEqualTo(new Display("USER20", true, 2, Optional.of("t20")));
            // the guest upper-cases ASCII letters only
            assertThat(displays.get(500)).isEqualTo(new Display("CAFé üNïCODE", true, 1, Optional.of("日本")));
            // the same as the dynamic path gives, converted the general way
            Object dynamic =
                    CallContext.runWith(as(registry, "users"), () -> registry.call("comp:transform_users", users));
            assertThat(b.lift(dynamic)).isEqualTo(result);
        }
    }

    @Test
    void aBadValueIsRefusedWithItsPathAndTheInstanceIsNotReused() throws Exception {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            JavaBinding b = binding(registry);
            FunctionHandle h = registry.handle("comp:transform_users");
            List<String> tags = Arrays.asList("a", "b", "c", null);
            List<User> users = List.of(new User("ok", 1, List.of()), new User("bad", 2, tags));
            assertThatThrownBy(() -> call(as(registry, "users"), h, b, users))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                    .hasMessageContaining("users[1].tags[3]: expected string");
            assertThatThrownBy(() -> call(as(registry, "users"), h, b, List.of(new User("neg", -1, List.of()))))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                    .hasMessageContaining("users[0].age");
            // the next call runs on a clean instance and succeeds
            assertThat(call(as(registry, "users"), h, b, List.of(new User("ann", 30, List.of("x")))))
                    .isEqualTo(List.of(new Display("ANN", true, 1, Optional.of("x"))));
        }
    }

    @Test
    void theTypedPathIsCheckedLikeEveryOther() throws Exception {
        // policies in force deny a call without an identity
        try (WasmRegistry registry = WasmRegistry.builder()
                .document(TestRegistries.doc(YAML))
                .settings(new RuntimeSettings(EngineMode.COMPILER, false, Map.of(), true))
                .build()) {
            JavaBinding b = binding(registry);
            FunctionHandle h = registry.handle("comp:transform_users");
            List<User> users = List.of(new User("ann", 30, List.of("x")));
            assertThat(call(as(registry, "users"), h, b, users))
                    .isEqualTo(List.of(new Display("ANN", true, 1, Optional.of("x"))));
            assertThatThrownBy(() -> call(as(registry, "guests"), h, b, users))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
            assertThatThrownBy(() -> call(CallContext.empty(), h, b, users))
                    .as("anonymous")
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
            // Maps where records are declared still work (the canonical way, for that value)
            assertThat(b.lift(CallContext.runWith(
                            as(registry, "users"),
                            () -> registry.call(
                                    "comp:transform_users",
                                    List.of(Map.of("name", "bo", "age", 3, "tags", List.of()))))))
                    .isEqualTo(List.of(new Display("BO", false, 0, Optional.empty())));
        }
    }
}
