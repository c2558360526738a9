package ai.wippy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.Digests;
import ai.wippy.engine.WatAssembler;
import ai.wippy.http.HttpEndpoint;
import ai.wippy.pool.PoolType;
import ai.wippy.process.CommandLine;
import ai.wippy.process.ProcessExit;
import ai.wippy.process.ProcessHost;
import ai.wippy.process.ProcessHostEntry;
import ai.wippy.process.TerminalHostEntry;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.wasi.WasiStdio;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every YAML block of Wippy's pages {@code wasm/overview}, {@code wasm/functions}, {@code wasm/hosts},
 * {@code wasm/processes} and {@code lua/core/process} (repository wippyai/docs, folder {@code en/})
 * loads as written, with only the binaries (this project's fixtures) and their hashes substituted.
 * The overview and lua/core/process pages have no registry blocks (Lua only). Each test is named
 * after its page and block. Then the points of SPEC section 8 behind them: Preview 1 aliases, the
 * import errors Wippy gives, {@code options}, {@code process.host}, {@code meta.command.main}, the
 * boot warning for a binary without {@code hash}, and leading-slash paths that still cannot escape.
 */
class WippyDocsBlocksTest {

    private static final Path COMPONENTS = Path.of("src/test/fixtures/component/docs-blocks");

    @TempDir
    Path dir;

    private Path wasm;

    @BeforeEach
    void binaries() throws Exception {
        wasm = Files.createDirectories(dir.resolve("wasm"));
        WatAssembler wat = new WatAssembler();
        byte[] compute = wat.assemble(
                "(module (func (export \"compute\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul))");
        Files.write(wasm.resolve("compute.wasm"), compute);
        Files.write(wasm.resolve("worker.wasm"), compute);
        // argc as the guest sees it through wasi_snapshot_preview1 (1 without wasi:cli: argv[0] only)
        String argc = """
                (module
                  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
                  (memory (export "memory") 1)
                  (func (export "%s") (result i32)
                    (drop (call $sizes (i32.const 0) (i32.const 4)))
                    (i32.load (i32.const 0))))
                """;
        Files.write(wasm.resolve("module.wasm"), wat.assemble(argc.formatted("run")));
        Files.write(wasm.resolve("processor.wasm"), wat.assemble(argc.formatted("process")));
        byte[] blocks = Files.readAllBytes(COMPONENTS.resolve("blocks.wasm"));
        for (String name : List.of("component.wasm", "greet.wasm", "mapper.wasm", "http_worker.wasm")) {
            Files.write(wasm.resolve(name), blocks);
        }
        Files.copy(COMPONENTS.resolve("sleep.wasm"), wasm.resolve("sleep_test.wasm"));
        Files.writeString(
                dir.resolve("answer.wat"),
                "(module (func (export \"answer\") (result i32) i32.const 42))",
                StandardCharsets.UTF_8);
    }

    /**
     * A block kept as written in {@code src/test/resources/wippy-docs/<name>.yaml}, without that file's
     * first line (a comment naming the docs page and section the block comes from).
     */
    private static String yaml(String name) {
        String resource = "/wippy-docs/" + name + ".yaml";
        try (InputStream in = WippyDocsBlocksTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("# ")) {
                throw new IllegalArgumentException(resource + ": the first line must be the comment naming its source");
            }
            return text.substring(text.indexOf('\n') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /** Boots {@code _index.yaml} in namespace myns, each {@code hash:} replaced by the real one of the path before it. */
    private WasmRegistry boot(String entries) throws Exception {
        Path index = dir.resolve("_index.yaml");
        Files.writeString(index, "version: \"1.0\"\nnamespace: myns\n" + withRealHashes(entries));
        return TestRegistries.runtime(index.toString(), Files.readString(index), dir);
    }

    private String withRealHashes(String yaml) throws Exception {
        Matcher m =
                Pattern.compile("(?m)^(\\s*)(path: (\\S+)|hash: sha256:\\S+)$").matcher(yaml);
        StringBuilder out = new StringBuilder();
        String path = null;
        while (m.find()) {
            String replacement;
            if (m.group(3) != null) {
                path = m.group(3);
                replacement = m.group(0);
            } else {
                byte[] bytes = Files.readAllBytes(wasm.resolve(path.replaceFirst("^/", "")));
                replacement = m.group(1) + "hash: sha256:" + Digests.sha256Hex(bytes);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The line {@code entries:} and the folder {@code assets} ({@code ./wasm}). */
    private static final String ASSETS = "entries:\n  - { name: assets, kind: fs.directory, directory: ./wasm }\n";

    /** One entry {@code f}, a WAT function exporting {@code f}, with the given lines of its own. */
    private static String entryF(String... lines) {
        return entry(
                "entries:\n  - name: f\n    kind: function.wat\n    source: \"(module (func (export \\\"f\\\")))\"\n    method: f\n",
                lines);
    }

    /** One entry {@code name}, the function {@code compute} of {@code assets}' compute.wasm, with the given lines. */
    private static String compute(String name, String... lines) {
        return entry(
                "  - name: " + name
                        + "\n    kind: function.wasm\n    fs: assets\n    path: /compute.wasm\n    hash: sha256:...\n"
                        + "    method: compute\n",
                lines);
    }

    private static String entry(String head, String... lines) {
        StringBuilder yaml = new StringBuilder(head);
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }

    private RegistryException bootFails(String entries) {
        Throwable t = catchThrowable(() -> boot(entries).close());
        assertThat(t).as("boot should fail").isInstanceOf(RegistryException.class);
        return (RegistryException) t;
    }

    private static RegisteredFunction function(WasmRegistry r, String id) {
        return r.function(id).orElseThrow();
    }

    // ---- wasm/functions ----

    /** The blocks whose whole check is one call and its answer (the folders they mount are made first). */
    static Stream<Arguments> blocksAnsweringOneCall() {
        return Stream.of(
                Arguments.of("functions/inline-wat-functions", "myns:answer", List.of(), 42),
                Arguments.of("functions/wat-from-a-file", "myns:answer", List.of(), 42),
                Arguments.of("functions/payload-transport", "myns:compute", List.of(6, 7), 42),
                Arguments.of("functions/wasi-configuration", "myns:f", List.of(), 2), // argv[0] and --verbose
                Arguments.of("functions/async-sleep-with-wasi-clocks", "myns:sleep_ms", List.of(20), 20L),
                Arguments.of("hosts/import-types", "myns:my_function", List.of(), 1),
                Arguments.of("hosts/wasi-filesystem", "myns:f", List.of(), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocksAnsweringOneCall")
    void aBlockLoadsAndItsFunctionAnswers(String block, String function, List<Object> args, Object answer)
            throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("output"));
        try (WasmRegistry r = boot(yaml(block))) {
            assertThat(r.call(function, args.toArray())).as(block).isEqualTo(answer);
        }
    }

    @Test
    void functionsPage_precompiledWasmFunctionWithLeadingSlashPath() throws Exception {
        try (WasmRegistry r = boot(yaml("functions/precompiled-wasm-functions"))) {
            assertThat(r.call("myns:compute", 6, 7)).isEqualTo(42);
            assertThat(function(r, "myns:compute").poolConfig().maxSize()).isEqualTo(4);
        }
    }

    private WasmRegistry computeWithPool(String pool) throws Exception {
        return boot("""
                entries:
                  - name: assets
                    kind: fs.directory
                    directory: ./wasm
                  - name: compute
                    kind: function.wasm
                    fs: myns:assets
                    path: /compute.wasm
                    hash: sha256:...
                    method: compute
                %s""".formatted(pool.indent(4)));
    }

    @Test
    void functionsPage_poolConfigurationStatic() throws Exception {
        try (WasmRegistry r = computeWithPool(yaml("functions/pool-configuration-static"))) {
            var pool = function(r, "myns:compute").poolConfig();
            assertThat(pool.type()).isEqualTo(PoolType.STATIC);
            assertThat(List.of(pool.size(), pool.workers(), pool.buffer())).containsExactly(4, 2, 16);
            assertThat(function(r, "myns:compute").pool().awaitFilled(java.time.Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(function(r, "myns:compute").pool().stats().idle()).isEqualTo(4);
            assertThat(r.call("myns:compute", 6, 7)).isEqualTo(42);
        }
    }

    @Test
    void functionsPage_poolConfigurationLazy() throws Exception {
        try (WasmRegistry r = computeWithPool(yaml("functions/pool-configuration-lazy"))) {
            assertThat(function(r, "myns:compute").pool().stats().max()).isEqualTo(8);
            assertThat(r.call("myns:compute", 6, 7)).isEqualTo(42);
        }
    }

    @Test
    void functionsPage_poolConfigurationAdaptive() throws Exception {
        try (WasmRegistry r = computeWithPool(yaml("functions/pool-configuration-adaptive"))) {
            assertThat(function(r, "myns:compute").pool().stats().max()).isEqualTo(16);
            assertThat(r.call("myns:compute", 6, 7)).isEqualTo(42);
        }
    }

    @Test
    void functionsPage_poolDefaultsAsThePageStates() throws Exception {
        try (WasmRegistry r = boot(yaml("functions/pool-defaults"))) {
            assertThat(function(r, "myns:implicit").poolConfig().maxSize()).isEqualTo(100);
            assertThat(function(r, "myns:lazy").poolConfig().maxSize()).isEqualTo(16);
            assertThat(function(r, "myns:adaptive").poolConfig().maxSize()).isEqualTo(16);
            assertThat(function(r, "myns:static").poolConfig().buffer())
                    .as("workers * 64")
                    .isEqualTo(128);
        }
    }

    @Test
    void functionsPage_workerClassWithWorkers() throws Exception {
        try (WasmRegistry r = computeWithPool(yaml("functions/worker-classes"))) {
            assertThat(r.dispatcher().workerClasses()).containsEntry("wasm", 8);
            assertThat(function(r, "myns:compute").poolConfig().workerClass()).isEqualTo("wasm");
            assertThat(r.callAsync("myns:compute", 6, 7).block()).isEqualTo(42);
        }
    }

    @Test
    void functionsPage_workerClassIgnoresThePoolType() throws Exception {
        try (WasmRegistry r = computeWithPool(yaml("functions/worker-class-ignores-type"))) {
            var pool = function(r, "myns:compute").poolConfig();
            assertThat(pool.type())
                    .as("type is ignored when worker_class is set")
                    .isEqualTo(PoolType.LAZY);
            assertThat(pool.capacity()).as("one instance per worker").isEqualTo(3);
            assertThat(r.callAsync("myns:compute", 6, 7).block()).isEqualTo(42);
        }
    }

    @Test
    void functionsPage_workerClassWithoutWorkersDefaultsToAtMostFour() throws Exception {
        try (WasmRegistry r = computeWithPool("pool:\n  worker_class: wasm\n")) {
            int expected = Math.min(Runtime.getRuntime().availableProcessors(), 4);
            assertThat(function(r, "myns:compute").poolConfig().workers()).isEqualTo(expected);
        }
    }

    @Test
    void functionsPage_wasiHttpTransportWithEndpoint() throws Exception {
        try (WasmRegistry r = boot(yaml("functions/wasi-http-transport"))) {
            HttpEndpoint endpoint = r.resources(HttpEndpoint.class).get(0);
            assertThat(endpoint.method()).isEqualTo("POST");
            assertThat(endpoint.path()).isEqualTo("/api/greet");
            assertThat(endpoint.function()).isEqualTo("myns:greet_wasm");
            assertThat(endpoint.transport()).isEqualTo("wasi-http");
        }
    }

    @Test
    void functionsPage_executionLimits() throws Exception {
        try (WasmRegistry r = boot(yaml("functions/execution-limits"))) {
            assertThat(function(r, "myns:spin").maxExecution()).hasMillis(5000);
        }
    }

    @Test
    void functionsPage_dataTransformationPipeline() throws Exception {
        try (WasmRegistry r = boot(yaml("functions/data-transformation-pipeline"))) {
            assertThat(r.call("myns:transform_users", 41)).isEqualTo(42);
            assertThat(r.call("myns:filter_active", 21)).isEqualTo(42);
        }
    }

    // ---- wasm/hosts ----

    @Test
    void hostsPage_pollIsItsOwnProfile() throws Exception {
        try (WasmRegistry r = boot(yaml("hosts/wasi-poll"))) {
            assertThat(r.call("myns:sleep_ms", 5)).isEqualTo(5L);
            assertThat(r.call("myns:sleep_by_interface", 5)).isEqualTo(5L);
            assertThat(ai.wippy.wasm.ImportGroups.read(
                            function(r, "myns:sleep_by_interface").entry()))
                    .containsExactly("wasi:poll", "wasi:clocks");
        }
    }

    // ---- wasm/processes ----

    private static final String WORKER = yaml("processes/entry-configuration");

    @Test
    void processesPage_entryConfiguration() throws Exception {
        try (WasmRegistry r = boot(WORKER)) {
            ProcessExit exit = ProcessHost.of(r)
                    .spawn("myns:compute_worker", List.of("6", "7"))
                    .exit()
                    .get(30, TimeUnit.SECONDS);
            assertThat(exit.error()).isNull();
            assertThat(exit.value()).isEqualTo(42L);
        }
    }

    private static final String HOSTS = yaml("processes/cli-commands-hosts");

    @Test
    void processesPage_cliCommandUnderTerminalAndProcessHosts() throws Exception {
        try (WasmRegistry r = boot(yaml("processes/cli-commands") + HOSTS)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WasiStdio stdio = new WasiStdio(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream());
            assertThat(new CommandLine(r, stdio).run(List.of("list"))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("greet")
                    .contains("Greet someone via WASM")
                    .contains("myns:greet");
            assertThat(new CommandLine(r, stdio).run(List.of("greet"))).isZero();
            assertThat(r.resource(EntryId.parse("myns:terminal"), TerminalHostEntry.class))
                    .hasValueSatisfying(t -> assertThat(t.hideLogs()).isFalse());
        }
    }

    @Test
    void processesPage_spawningOnTheProcessHost() throws Exception {
        try (WasmRegistry r = boot(WORKER + HOSTS)) {
            ProcessHost host = ProcessHost.of(r);
            ProcessHostEntry processes = host.host("myns:processes");
            assertThat(processes.workers()).isEqualTo(32);
            assertThat(processes.maxProcesses()).isEqualTo(10000);
            assertThat(processes.queueSize()).as("Wippy's default").isEqualTo(1024);
            assertThat(processes.localQueueSize()).as("Wippy's default").isEqualTo(256);
            assertThat(r.dispatcher().workerClasses()).containsEntry(processes.workerClass(), 32);
            ProcessExit exit = host.spawnOn("myns:processes", "myns:compute_worker", List.of("6", "7"), null, null)
                    .exit()
                    .get(30, TimeUnit.SECONDS);
            assertThat(exit.value()).isEqualTo(42L);
            assertThat(processes.alive()).isZero();
        }
    }

    @Test
    void processesPage_spawningFromLua() throws Exception {
        // the page's Lua block as written, inside a function that returns what it saw
        try (WasmRegistry r = boot(WORKER + HOSTS + yaml("processes/spawning-from-lua"))) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> out = (java.util.Map<String, Object>) r.call("myns:spawn_from_lua");
            assertThat(out).containsEntry("exit", true).containsEntry("from", true);
            assertThat(((Number) out.get("result")).longValue()).isEqualTo(42L);
        }
    }

    @Test
    void processesPage_asyncExecution() throws Exception {
        try (WasmRegistry r = boot(yaml("processes/async-execution"))) {
            ProcessExit exit = ProcessHost.of(r)
                    .spawn("myns:http_worker", List.of())
                    .exit()
                    .get(30, TimeUnit.SECONDS);
            assertThat(exit.value()).isEqualTo(7);
        }
    }

    @Test
    void processesPage_wasiConfiguration() throws Exception {
        Files.createDirectories(dir.resolve("input"));
        Files.createDirectories(dir.resolve("out"));
        try (WasmRegistry r = boot(yaml("processes/wasi-configuration"))) {
            ProcessExit exit = ProcessHost.of(r)
                    .spawn("myns:file_processor", List.of())
                    .exit()
                    .get(30, TimeUnit.SECONDS);
            assertThat(exit.value()).as("argv[0], --input, /data/input.csv").isEqualTo(3L);
        }
    }

    // ---- host profiles (SPEC section 8) ----

    @ParameterizedTest
    @ValueSource(strings = {"wasi1", "wasi-preview1", "preview1", "wasi_snapshot_preview1", "WASI1@0.1.0"})
    void wasi1AndItsAliasesGrantPreview1ToACoreModule(String alias) throws Exception {
        try (WasmRegistry r = boot("""
                entries:
                  - { name: assets, kind: fs.directory, directory: ./wasm }
                  - name: granted
                    kind: function.wasm
                    fs: assets
                    path: /module.wasm
                    hash: sha256:...
                    method: run
                    imports: [%s]
                    wasi: { args: [a, b] }
                  - name: not_granted
                    kind: function.wasm
                    fs: assets
                    path: /module.wasm
                    hash: sha256:...
                    method: run
                    wasi: { args: [a, b] }
                """.formatted(alias))) {
            assertThat(r.call("myns:granted")).isEqualTo(3);
            assertThat(r.call("myns:not_granted")).isEqualTo(1);
        }
    }

    @Test
    void anUnsupportedImportFailsWithWippysText() {
        RegistryException e = bootFails(entryF("imports: [wasi:keyvalue]"));
        assertThat(e.entryId()).isEqualTo("myns:f");
        assertThat(e.field()).isEqualTo("imports[0]");
        assertThat(e.getMessage()).contains("unsupported wasm host import: wasi:keyvalue");
    }

    @Test
    void aComponentOnlyProfileOnACoreModuleFailsWithWippysText() {
        RegistryException e = bootFails(ASSETS + compute("f", "imports: [wasi:io, wasi:http]"));
        assertThat(e.entryId()).isEqualTo("myns:f");
        assertThat(e.field()).isEqualTo("imports[1]");
        assertThat(e.getMessage()).contains("wasm host import requires component module: wasi:http");
    }

    // ---- options (SPEC section 8) ----

    @Test
    void optionsLimitsIsTheFlatLimitsGroup() throws Exception {
        try (WasmRegistry r = boot("""
                entries:
                  - name: spin
                    kind: function.wat
                    source: "(module (func (export \\"spin\\") (loop $l (br $l))))"
                    method: spin
                    options:
                      limits:
                        max_execution_ms: 100
                """)) {
            assertThat(function(r, "myns:spin").maxExecution()).hasMillis(100);
            Throwable t = catchThrowable(() -> r.call("myns:spin"));
            assertThat(t).isInstanceOf(WippyException.class);
            assertThat(((WippyException) t).kind()).isEqualTo(ErrorKind.TIMEOUT);
        }
    }

    @Test
    void optionsWorkerClassIsPoolWorkerClass() throws Exception {
        try (WasmRegistry r =
                boot(ASSETS + compute("compute", "pool: { workers: 2 }", "options:", "  worker_class: heavy"))) {
            assertThat(function(r, "myns:compute").poolConfig().workerClass()).isEqualTo("heavy");
            assertThat(r.dispatcher().workerClasses()).containsEntry("heavy", 2);
            assertThat(r.callAsync("myns:compute", 6, 7).block()).isEqualTo(42);
        }
    }

    @Test
    void bothSpellingsOfWorkerClassInOneEntryAreRefused() {
        RegistryException e = bootFails(entryF("pool: { worker_class: a }", "options: { worker_class: b }"));
        assertThat(e.field()).isEqualTo("options.worker_class");
        assertThat(e.getMessage()).contains("two spellings of one setting");
    }

    @Test
    void bothSpellingsOfLimitsInOneEntryAreRefused() {
        RegistryException e =
                bootFails(entryF("limits: { max_execution_ms: 10 }", "options: { limits: { max_execution_ms: 20 } }"));
        assertThat(e.field()).isEqualTo("options.limits");
        assertThat(e.getMessage()).contains("two spellings of one group");
    }

    @Test
    void aBadOptionsLimitIsNamedAsWritten() {
        RegistryException e = bootFails(entryF("options: { limits: { max_execution_ms: -5 } }"));
        assertThat(e.field()).isEqualTo("options.limits.max_execution_ms");
        assertThat(e.getMessage()).contains("expected a number of milliseconds (0: no limit), got integer -5");
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        RegistryException e = bootFails(entryF("options: { retries: 3 }"));
        assertThat(e.field()).isEqualTo("options.retries");
        assertThat(e.getMessage()).contains("known: [limits, mailbox, worker_class]");
    }

    @Test
    void aProcessMailboxIsCheckedAsDocumented() throws Exception {
        String process = """
                entries:
                  - name: p
                    kind: process.wasm
                    source: "(module (func (export \\"_start\\")))"
                    options:
                      mailbox: %s
                """;
        try (WasmRegistry r = boot(process.formatted("{ capacity: 16, bytes: 65536, message_bytes: 1024 }"))) {
            assertThat(ProcessHost.of(r).program("myns:p")).isNotNull();
        }
        RegistryException tooLarge = bootFails(process.formatted("{ capacity: 16, bytes: 1024, message_bytes: 2048 }"));
        assertThat(tooLarge.field()).isEqualTo("options.mailbox.message_bytes");
        assertThat(tooLarge.getMessage()).contains("larger than the mailbox's bytes 1024");
        RegistryException zero = bootFails(process.formatted("{ capacity: 0 }"));
        assertThat(zero.field()).isEqualTo("options.mailbox.capacity");
        RegistryException onFunction = bootFails(entryF("options: { mailbox: { capacity: 4 } }"));
        assertThat(onFunction.field()).isEqualTo("options.mailbox");
        assertThat(onFunction.getMessage()).contains("belongs to a process");
    }

    @Test
    void aProcessRunsOnItsOptionsWorkerClass() throws Exception {
        try (WasmRegistry r = boot(WORKER + "    options: { worker_class: jobs }\n")) {
            assertThat(ProcessHost.of(r).program("myns:compute_worker").workerClass())
                    .isEqualTo("jobs");
            assertThat(r.dispatcher().workerClasses()).containsKey("jobs");
            ProcessExit exit = ProcessHost.of(r)
                    .spawn("myns:compute_worker", List.of("6", "7"))
                    .exit()
                    .get(30, TimeUnit.SECONDS);
            assertThat(exit.value()).isEqualTo(42L);
        }
    }

    // ---- pool.warm_start ----

    @Test
    void warmStartCreatesAnInstanceAtBoot() throws Exception {
        try (WasmRegistry r = boot(ASSETS
                + compute("warm", "pool: { type: lazy, max_size: 4, warm_start: true }")
                + compute("cold", "pool: { type: lazy, max_size: 4 }"))) {
            assertThat(function(r, "myns:warm").pool().awaitFilled(java.time.Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(function(r, "myns:warm").pool().stats().created()).isEqualTo(1);
            assertThat(function(r, "myns:cold").pool().stats().created()).isZero();
        }
        RegistryException e = bootFails(entryF("pool: { warm_start: sometimes }"));
        assertThat(e.field()).isEqualTo("pool.warm_start");
    }

    // ---- process.host ----

    @Test
    void processHostFieldsAreChecked() {
        RegistryException negative = bootFails("""
                entries:
                  - { name: processes, kind: process.host, host: { workers: -2 } }
                """);
        assertThat(negative.entryId()).isEqualTo("myns:processes");
        assertThat(negative.field()).isEqualTo("host.workers");
        RegistryException unknown = bootFails("""
                entries:
                  - { name: processes, kind: process.host, host: { threads: 2 } }
                """);
        assertThat(unknown.field()).isEqualTo("host.threads");
        assertThat(unknown.getMessage()).contains("local_queue_size", "max_processes", "queue_size", "workers");
        RegistryException lifecycle = bootFails("""
                entries:
                  - { name: processes, kind: process.host, lifecycle: { auto_start: yes please } }
                """);
        assertThat(lifecycle.field()).isEqualTo("lifecycle.auto_start");
        RegistryException terminal = bootFails("""
                entries:
                  - { name: terminal, kind: terminal.host, hide_logs: 1 }
                """);
        assertThat(terminal.field()).isEqualTo("hide_logs");
    }

    @Test
    void aProcessHostRefusesSpawnsPastMaxProcesses() throws Exception {
        try (WasmRegistry r = boot("""
                entries:
                  - { name: processes, kind: process.host, host: { workers: 1, queue_size: 5, max_processes: 1 } }
                  - name: forever
                    kind: process.wasm
                    source: "(module (func (export \\"_start\\") (loop $l (br $l))))"
                """)) {
            ProcessHost host = ProcessHost.of(r);
            var first = host.spawnOn("myns:processes", "myns:forever", List.of(), null, null);
            Throwable t = catchThrowable(() -> host.spawnOn("myns:processes", "myns:forever", List.of(), null, null));
            assertThat(t).isInstanceOf(WippyException.class).hasMessageContaining("max_processes of 1");
            assertThat(((WippyException) t).kind()).isEqualTo(ErrorKind.SATURATED);
            first.stop();
            first.exit().get(30, TimeUnit.SECONDS);
            assertThat(host.host("myns:processes").alive()).isZero();
        }
    }

    // ---- meta.command.main ----

    @Test
    void runWithoutANameRunsTheMainCommand() throws Exception {
        String exit3 = """
                  - name: %s
                    kind: process.wasm
                    meta: { command: { name: %s, short: "exits with 3", main: %s } }
                    source: |
                      (module
                        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                        (memory (export "memory") 1)
                        (func (export "_start") (call $exit (i32.const 3))))
                """;
        try (WasmRegistry r =
                boot("entries:\n" + exit3.formatted("a", "first", "true") + exit3.formatted("b", "second", "false"))) {
            WasiStdio stdio = new WasiStdio(
                    new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
            assertThat(new CommandLine(r, stdio).run(List.of())).isEqualTo(3);
        }
        RegistryException twoMains = bootFails(
                "entries:\n" + exit3.formatted("a", "first", "true") + exit3.formatted("b", "second", "true"));
        assertThat(twoMains.field()).isEqualTo("meta.command.main");
        assertThat(twoMains.getMessage()).contains("only one command may be main");
        RegistryException badShort = bootFails("""
                entries:
                  - name: a
                    kind: process.wasm
                    meta: { command: { name: a, short: [x] } }
                    source: "(module (func (export \\"_start\\")))"
                """);
        assertThat(badShort.field()).isEqualTo("meta.command.short");
    }

    // ---- hash ----

    @Test
    void aBinaryWithoutHashLoadsWithAWarningAtBoot() throws Exception {
        String log = TestRegistries.stderrOf(() -> {
            try (WasmRegistry r = boot("""
                    entries:
                      - { name: assets, kind: fs.directory, directory: ./wasm }
                      - { name: unhashed, kind: function.wasm, fs: assets, path: /compute.wasm, method: compute }
                      - name: hashed
                        kind: function.wasm
                        fs: assets
                        path: /compute.wasm
                        hash: sha256:...
                        method: compute
                      - name: wat
                        kind: function.wat
                        source: "(module (func (export \\"f\\")))"
                        method: f
                    """)) {
                assertThat(r.call("myns:unhashed", 6, 7)).isEqualTo(42);
            }
        });
        String sha = Digests.sha256Hex(Files.readAllBytes(wasm.resolve("compute.wasm")));
        assertThat(log)
                .contains("entry 'myns:unhashed' loads /compute.wasm from myns:assets without a 'hash'")
                .contains("hash: sha256:" + sha);
        assertThat(log).doesNotContain("'myns:hashed'").doesNotContain("'myns:wat'");
    }

    // ---- leading-slash paths still never escape ----

    @Test
    void aLeadingSlashPathCannotClimbOutOfTheFileSystem() throws Exception {
        Files.copy(wasm.resolve("compute.wasm"), dir.resolve("outside.wasm"));
        RegistryException e = bootFails("""
                entries:
                  - { name: assets, kind: fs.directory, directory: ./wasm }
                  - { name: f, kind: function.wasm, fs: assets, path: /../outside.wasm, method: compute }
                """);
        assertThat(e.field()).isEqualTo("path");
        assertThat(e.getMessage()).contains("escapes the root of myns:assets");
    }

    @Test
    void aLeadingSlashPathCannotLeaveThroughALink() throws Exception {
        Files.copy(wasm.resolve("compute.wasm"), dir.resolve("outside.wasm"));
        Files.createSymbolicLink(wasm.resolve("linked.wasm"), dir.resolve("outside.wasm"));
        RegistryException e = bootFails("""
                entries:
                  - { name: assets, kind: fs.directory, directory: ./wasm }
                  - { name: f, kind: function.wasm, fs: assets, path: /linked.wasm, method: compute }
                """);
        assertThat(e.field()).isEqualTo("path");
        assertThat(e.getMessage()).contains("through a link");
    }

    /** Keeps the list of blocks honest: the helper that fills in hashes must have seen a path first. */
    @Test
    void hashesAreSubstitutedPerPath() throws Exception {
        String yaml = withRealHashes("    path: /compute.wasm\n    hash: sha256:...\n    path: /sleep_test.wasm\n"
                + "    hash: sha256:abc\n");
        List<String> hashes = new ArrayList<>();
        Matcher m = Pattern.compile("hash: sha256:([0-9a-f]{64})").matcher(yaml);
        while (m.find()) {
            hashes.add(m.group(1));
        }
        assertThat(hashes)
                .containsExactly(
                        Digests.sha256Hex(Files.readAllBytes(wasm.resolve("compute.wasm"))),
                        Digests.sha256Hex(Files.readAllBytes(wasm.resolve("sleep_test.wasm"))));
    }
}
