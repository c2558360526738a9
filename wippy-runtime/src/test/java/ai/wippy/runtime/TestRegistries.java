package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfigReader;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryException;
import ai.wippy.registry.ResourceBase;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.JavaFunction;
import ai.wippy.spi.LoadContext;
import ai.wippy.wit.FunctionSignature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Builds runtimes from inline YAML for tests, and the checks the runtime's tests share. */
public final class TestRegistries {

    private TestRegistries() {}

    /** An entry of a registry's {@code entries}: {@code add}, WAT adding two s32 with its WIT signature. */
    public static final String ADD = """
              - name: add
                kind: function.wat
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
                source: '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
            """;

    /** The head of a registry document in {@code namespace}; its entries follow. */
    public static String head(String namespace) {
        return "version: \"1.0\"\nnamespace: " + namespace + "\nentries:\n";
    }

    /**
     * A {@code security.policy} entry that lets group {@code users} call every function of {@code
     * namespace}, under {@code condition} (one YAML flow map, as {@code "{ field: ..., operator: ...,
     * value: ... }"}) unless it is {@code null}.
     */
    public static String usersMayCall(String namespace, String condition) {
        return """
                  - name: users-call
                    kind: security.policy
                    groups: [users]
                    policy:
                      actions: funcs.call
                      resources: "%s:*"
                      effect: allow
                """.formatted(namespace) + (condition == null ? "" : "      conditions:\n        - " + condition + "\n");
    }

    /**
     * The head of a registry in {@code namespace} whose first entry is {@code fixtures}, the folder of the
     * component fixtures (src/test/fixtures/component); the entries follow.
     */
    public static String withFixtures(String namespace) {
        return """
                version: "1.0"
                namespace: %s
                entries:
                  - { name: fixtures, kind: fs.directory, directory: src/test/fixtures/component }
                """.formatted(namespace);
    }

    /**
     * A {@code function.wasm} entry calling {@code method} of the component fixture at {@code path} in the
     * {@code fixtures} folder of {@link #withFixtures}; {@code fields}: the entry's further fields, one line each
     * ({@code "pool: { type: inline }"}).
     */
    public static String fixtureFunction(String name, String path, String method, String... fields) {
        return entry("""
                  - name: %s
                    kind: function.wasm
                    fs: fixtures
                    path: %s
                    method: %s
                """.formatted(name, path, method), fields);
    }

    /** A {@code function.wat} entry whose {@code f} answers {@code value}; {@code fields} as in {@link #fixtureFunction}. */
    public static String constantFunction(String name, int value, String... fields) {
        return entry("""
                  - name: %s
                    kind: function.wat
                    method: f
                    source: '(module (func (export "f") (result i32) i32.const %d))'
                """.formatted(name, value), fields);
    }

    /** A {@code security.policy} entry denying {@code groups} (a YAML list's items) everything when the actor is an intern. */
    public static String noInterns(String groups) {
        return """
                  - name: no-interns
                    kind: security.policy
                    groups: [%s]
                    policy:
                      actions: "*"
                      resources: "*"
                      effect: deny
                      conditions:
                        - { field: actor.meta.level, operator: eq, value: intern }
                """.formatted(groups);
    }

    private static String entry(String head, String... fields) {
        StringBuilder entry = new StringBuilder(head);
        for (String field : fields) {
            entry.append("    ").append(field).append('\n');
        }
        return entry.toString();
    }

    /** A registry document of {@code namespace} whose {@code entries} are the given ones, in order. */
    public static String yaml(String namespace, String... entries) {
        return "version: \"1.0\"\nnamespace: " + namespace + "\nentries:\n" + String.join("", entries);
    }

    /** A {@code function.lua} entry running {@code source} (Lua, indented here), whose table exports {@code method}. */
    public static String luaFunction(String name, String method, String source) {
        return luaFunction(name, method, "", source);
    }

    /** {@link #luaFunction(String, String, String)} with {@code fields}: whole YAML lines ({@code "modules: [funcs]"}). */
    public static String luaFunction(String name, String method, String fields, String source) {
        return luaEntry("  - name: " + name + "\n    kind: function.lua\n    method: " + method + "\n", fields, source);
    }

    /** A {@code library.lua} entry whose main chunk is {@code source}, with {@code fields} as in {@link #luaFunction}. */
    public static String luaLibrary(String name, String fields, String source) {
        return luaEntry("  - name: " + name + "\n    kind: library.lua\n", fields, source);
    }

    private static String luaEntry(String head, String fields, String source) {
        return head + fields.indent(4) + "    source: |\n" + source.indent(6);
    }

    /** A {@code security.policy} entry allowing {@code groups} (a YAML list's items) {@code actions} on {@code resources}. */
    public static String allows(String name, String groups, String actions, String resources) {
        return """
                  - name: %s
                    kind: security.policy
                    groups: [%s]
                    policy: { actions: %s, resources: "%s", effect: allow }
                """.formatted(name, groups, actions, resources);
    }

    /**
     * A handler of {@code kind} loading each entry as a Java function of {@code signature} that runs {@code body},
     * its pool read from the entry's {@code pool}.
     */
    public static EntryHandler javaKind(String kind, FunctionSignature signature, JavaFunction.Body body) {
        return new EntryHandler() {
            @Override
            public Set<String> kinds() {
                return Set.of(kind);
            }

            @Override
            public void load(RegistryEntry entry, LoadContext context) {
                context.addFunction(new JavaFunction(entry, signature, PoolConfigReader.read(entry), body));
            }
        };
    }

    public static RegistryDocument doc(String yaml) {
        return doc("test/_index.yaml", yaml, Path.of("."));
    }

    public static RegistryDocument doc(String location, String yaml, Path folder) {
        return new RegistryDocument(location, yaml, new ResourceBase.FileSystem(folder.toAbsolutePath()));
    }

    /** A runtime of one document at {@code location}, its relative paths resolved in {@code folder}. */
    public static WasmRegistry runtime(String location, String yaml, Path folder) {
        return WasmRegistry.builder().document(doc(location, yaml, folder)).build();
    }

    public static WasmRegistry runtime(String yaml) {
        return WasmRegistry.builder().document(doc(yaml)).build();
    }

    /** {@code yaml} as the Spring starter runs it: with policies in force, a call without an actor is denied. */
    public static WasmRegistry secured(String yaml) {
        return WasmRegistry.builder()
                .document(doc(yaml))
                .settings(new ai.wippy.spi.RuntimeSettings(
                        ai.wippy.engine.EngineMode.COMPILER, false, java.util.Map.of(), true))
                .build();
    }

    /** A caller of {@code registry} in {@code group} (actor {@code prefix + group}), under the policies of that group. */
    public static ai.wippy.spi.FunctionCaller member(WasmRegistry registry, String prefix, String group) {
        return registry.caller()
                .withActor(Actor.of(prefix + group))
                .withScope(registry.policies().scopeForGroups(List.of(group)));
    }

    /**
     * Boots {@code yaml} as the document {@code index} (its relative paths resolved in {@code folder}) and
     * returns the {@link RegistryException} the boot fails with, checked to name the file, the entry and the field.
     */
    public static RegistryException refusedAt(Path index, String yaml, Path folder, String entryId, String field) {
        RegistryException e =
                refused(() -> runtime(index.toString(), yaml, folder).close());
        assertThat(e.file()).isEqualTo(index.toString());
        assertThat(e.entryId()).isEqualTo(entryId);
        assertThat(e.field()).isEqualTo(field);
        return e;
    }

    /** Boots {@code yaml} (as {@link #runtime(String)}) and returns the {@link RegistryException} the boot fails with. */
    public static RegistryException refused(String yaml) {
        return refused(() -> runtime(yaml).close());
    }

    private static RegistryException refused(ThrowingCallable boot) {
        Throwable t = catchThrowable(boot);
        assertThat(t).isInstanceOf(RegistryException.class);
        return (RegistryException) t;
    }

    /** An empty context with {@code actor} acting in the policy scope of {@code groups} in {@code registry}. */
    public static CallContext actingAs(WasmRegistry registry, String actor, String... groups) {
        return CallContext.empty()
                .withActor(Actor.of(actor))
                .withScope(registry.policies().scopeForGroups(List.of(groups)));
    }

    /** Asserts that {@code call} throws a {@link WippyException} of {@code kind}; further checks chain on. */
    public static AbstractThrowableAssert<?, ? extends Throwable> failsWith(ErrorKind kind, ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    /** A body that may throw, for {@link #stderrOf}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** What {@code body} wrote to {@code System.err}, which is restored afterwards. */
    public static String stderrOf(Body body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * Subscribes to {@code call}, waits (5 s at most) until {@code pool} runs it, disposes the subscription and
     * waits until the pool is idle again; returns how many instances were busy before the dispose.
     */
    public static int disposeWhileRunning(InstancePool<?> pool, Mono<?> call) throws InterruptedException {
        Disposable running = call.subscribe(v -> {}, e -> {});
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        awaitUntil(() -> pool.stats().busy() > 0, deadline);
        int busy = pool.stats().busy();
        running.dispose();
        awaitUntil(() -> pool.stats().busy() == 0, deadline);
        return busy;
    }

    /** Waits until {@code condition} holds or {@code within} has passed, whichever comes first. */
    public static void awaitUntil(Duration within, BooleanSupplier condition) throws InterruptedException {
        awaitUntil(condition, System.nanoTime() + within.toNanos());
    }

    private static void awaitUntil(BooleanSupplier condition, long deadline) throws InterruptedException {
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
