package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {

    /** A module whose result depends on its number, so that each is a distinct binary. */
    static byte[] module(int n) {
        return new WatAssembler()
                .assemble("(module (memory 1) (global $g (mut i32) (i32.const " + n + "))"
                        + " (func (export \"calc\") (param i32) (result i32)"
                        + " (i32.add (i32.mul (local.get 0) (i32.const 3)) (global.get $g))))");
    }

    static long call(CompiledModule module, long arg) {
        Instance instance = module.instantiate(ImportValues.empty(), null);
        return instance.export("calc").apply(arg)[0];
    }

    @TempDir
    Path dir;

    private CompileCache cache() {
        return CompileCache.at(dir, CompileCache.DEFAULT_MAX_BYTES, null);
    }

    @Test
    void aSecondCompilerLoadsTheStoredClassesAndCompilesNothing() {
        var first = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(first.compile(module(7)), 5)).isEqualTo(22);
        assertThat(first.stats()).isEqualTo(new ModuleCompiler.Stats(1, 0, 0));
        assertThat(entries()).hasSize(1);

        var second = new ModuleCompiler(EngineMode.COMPILER, cache());
        CompiledModule loaded = second.compile(module(7));
        assertThat(second.stats()).isEqualTo(new ModuleCompiler.Stats(0, 0, 1));
        assertThat(call(loaded, 5)).isEqualTo(22);
        assertThat(call(loaded, -1)).isEqualTo(4);
    }

    /** A class path of one folder that counts what it is asked for. */
    private static final class CountingClassPath extends java.net.URLClassLoader {
        final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        CountingClassPath(Path folder) throws IOException {
            super(new java.net.URL[] {folder.toUri().toURL()}, null);
        }

        @Override
        public java.net.URL findResource(String name) {
            asked.add(name);
            return super.findResource(name);
        }
    }

    @Test
    void buildTimeEntriesAreLookedForOnlyWhenTheClassPathHoldsTheirIndex() throws IOException {
        Path classes = dir.resolve("classes");
        byte[] binary = module(3);
        String sha = Digests.sha256Hex(binary);
        new ModuleCompiler(
                        EngineMode.COMPILER,
                        CompileCache.at(classes.resolve(CompileCache.CLASSPATH_FOLDER), 1 << 30, null))
                .compile(binary);
        try (var noIndex = new CountingClassPath(classes)) {
            CompileCache cache = CompileCache.classPathOnly(noIndex);
            assertThat(cache.get(sha)).isNull();
            assertThat(cache.get(sha)).isNull();
            // asked once, for the index, however many binaries are looked up
            assertThat(noIndex.asked).containsExactly(CompileCache.CLASSPATH_INDEX);
        }
        Files.writeString(classes.resolve(CompileCache.CLASSPATH_INDEX), sha + "\n");
        try (var indexed = new CountingClassPath(classes)) {
            CompileCache.Hit hit = CompileCache.classPathOnly(indexed).get(sha);
            assertThat(hit).isNotNull();
            assertThat(hit.origin()).isEqualTo(CompileCache.Origin.BUILD_TIME);
            var compiler = new ModuleCompiler(EngineMode.COMPILER, CompileCache.classPathOnly(indexed));
            assertThat(call(compiler.compile(binary), 5)).isEqualTo(18);
            assertThat(compiler.stats()).isEqualTo(new ModuleCompiler.Stats(0, 1, 0));
        }
    }

    @Test
    void anEntryOfAnotherChicoryVersionIsIgnoredAndRebuilt() throws IOException {
        var other = CompileCache.at(dir, CompileCache.DEFAULT_MAX_BYTES, null, "0.9.0-other");
        new ModuleCompiler(EngineMode.COMPILER, other).compile(module(1));
        String hash = Digests.sha256Hex(module(1));

        // its file carries the other version's name: not even looked at
        var current = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(current.compile(module(1)), 2)).isEqualTo(7);
        assertThat(current.stats().compiled()).isEqualTo(1);

        // renamed to this version's name, the header still says the other version: ignored, replaced
        Files.copy(
                dir.resolve(other.fileName(hash)),
                dir.resolve(cache().fileName(hash)),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var again = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(again.compile(module(1)), 2)).isEqualTo(7);
        assertThat(again.stats().compiled()).isEqualTo(1);
        assertThat(cache().get(hash)).isNotNull();

        var third = new ModuleCompiler(EngineMode.COMPILER, cache());
        third.compile(module(1));
        assertThat(third.stats()).isEqualTo(new ModuleCompiler.Stats(0, 0, 1));
    }

    @Test
    void aCorruptedEntryIsIgnoredAndRebuilt() throws IOException {
        new ModuleCompiler(EngineMode.COMPILER, cache()).compile(module(2));
        String hash = Digests.sha256Hex(module(2));
        Path file = dir.resolve(cache().fileName(hash));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x5a;
        Files.write(file, bytes);

        var next = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(next.compile(module(2)), 1)).isEqualTo(5);
        assertThat(next.stats().compiled()).isEqualTo(1);
        assertThat(cache().decode(Files.readAllBytes(file), hash)).isNotNull();

        // truncated
        Files.write(file, java.util.Arrays.copyOf(bytes, 40));
        var truncated = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(truncated.compile(module(2)), 1)).isEqualTo(5);
        assertThat(truncated.stats().compiled()).isEqualTo(1);
    }

    @Test
    void anEntryWhoseClassesFailToLoadIsRecompiledNeverTrusted() throws IOException {
        String hash = Digests.sha256Hex(module(3));
        // a well-formed entry (right header, right checksum) whose classes are not valid class files
        var out = new java.io.ByteArrayOutputStream();
        try (var data = new java.io.DataOutputStream(out)) {
            data.writeUTF("Main");
            data.writeInt(1);
            data.writeUTF("Main");
            data.writeInt(4);
            data.write(new byte[] {(byte) 0xca, (byte) 0xfe, 0, 1});
            data.writeInt(0); // no interpreted function
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(cache().fileName(hash)), cache().encode(hash, out.toByteArray()));

        var compiler = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(compiler.compile(module(3)), 4)).isEqualTo(15);
        assertThat(compiler.stats()).isEqualTo(new ModuleCompiler.Stats(1, 0, 0));
        var next = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(next.compile(module(3)), 4)).isEqualTo(15);
        assertThat(next.stats()).isEqualTo(new ModuleCompiler.Stats(0, 0, 1));
    }

    /**
     * A module with an imported function, a function too big for a JVM method (it runs in the
     * interpreter) and small compiled ones calling each other both ways: {@code big(n)} adds 1 to
     * {@code n} {@link #BIG_STEPS} times, then calls the compiled {@code twice} and the import;
     * {@code calc(n)} calls {@code big}.
     */
    static byte[] moduleWithAnInterpretedFunction() {
        var wat = new StringBuilder("(module (import \"env\" \"host\" (func $host (param i32) (result i32)))")
                .append(" (memory 1) (data (i32.const 16) \"\\2a\")")
                .append(" (func $twice (export \"twice\") (param i32) (result i32)")
                .append(" (i32.add (i32.mul (local.get 0) (i32.const 2)) (i32.load8_u (i32.const 16))))")
                .append(" (func $big (export \"big\") (param i32) (result i32)");
        for (int i = 0; i < BIG_STEPS; i++) {
            wat.append(" local.get 0 i32.const 1 i32.add local.set 0");
        }
        wat.append(" (call $host (call $twice (local.get 0))))")
                .append(
                        " (func (export \"calc\") (param i32) (result i32) (i32.sub (call $big (local.get 0)) (i32.const 1)))")
                .append(" (func (export \"trap\") (unreachable)))");
        return new WatAssembler().assemble(wat.toString());
    }

    static final int BIG_STEPS = 30_000;

    private static Instance instantiateWithHost(CompiledModule module) {
        var host = new com.dylibso.chicory.runtime.HostFunction(
                "env",
                "host",
                com.dylibso.chicory.wasm.types.FunctionType.of(
                        List.of(com.dylibso.chicory.wasm.types.ValType.I32),
                        List.of(com.dylibso.chicory.wasm.types.ValType.I32)),
                (inst, args) -> new long[] {args[0] + 1000});
        return module.instantiate(ImportValues.builder().addFunction(host).build(), null);
    }

    /** What every export answers, for comparing a module's behaviour with another's. */
    private static List<Object> answers(CompiledModule module) {
        Instance instance = instantiateWithHost(module);
        List<Object> out = new ArrayList<>();
        for (long arg : new long[] {0, 5, -7}) {
            out.add(instance.export("twice").apply(arg)[0]);
            out.add(instance.export("big").apply(arg)[0]);
            out.add(instance.export("calc").apply(arg)[0]);
        }
        try {
            instance.export("trap").apply();
            out.add("no trap");
        } catch (com.dylibso.chicory.runtime.TrapException e) {
            out.add("trap: " + e.getMessage());
        }
        return out;
    }

    /** A body's instructions without their addresses (which move when other bodies are left out). */
    private static List<String> shape(com.dylibso.chicory.wasm.types.FunctionBody body) {
        return body.instructions().stream()
                .map(i -> i.opcode() + java.util.Arrays.toString(i.operands()))
                .toList();
    }

    @Test
    void classesFromTheCacheSkipDecodingTheCompiledBodiesAndRunTheInterpretedOneFromItsValidatedBody()
            throws IOException {
        byte[] binary = moduleWithAnInterpretedFunction();
        var first = new ModuleCompiler(EngineMode.COMPILER, cache());
        CompiledModule compiled = first.compile(binary);
        assertThat(first.stats()).isEqualTo(new ModuleCompiler.Stats(1, 0, 0));
        List<Object> expected = answers(compiled);
        long big0 = (long) ((0 + BIG_STEPS) * 2 + 42 + 1000);
        assertThat(expected.get(1)).isEqualTo(big0);
        assertThat(expected.get(2)).isEqualTo(big0 - 1);
        assertThat(expected.getLast()).asString().contains("unreachable");

        var second = new ModuleCompiler(EngineMode.COMPILER, cache());
        CompiledModule loaded = second.compile(binary);
        assertThat(second.stats()).isEqualTo(new ModuleCompiler.Stats(0, 0, 1));
        // the function bodies the classes compile were not decoded; the interpreted one (body 1, function
        // 2 after the import) was, and in full
        var code = loaded.module().codeSection();
        assertThat(code.functionBodyCount()).isEqualTo(4);
        for (int body : new int[] {0, 2, 3}) {
            assertThat(code.getFunctionBody(body).instructions())
                    .extracting(com.dylibso.chicory.wasm.types.Instruction::opcode)
                    .containsExactly(
                            com.dylibso.chicory.wasm.types.OpCode.UNREACHABLE,
                            com.dylibso.chicory.wasm.types.OpCode.END);
        }
        assertThat(shape(code.getFunctionBody(1)))
                .hasSizeGreaterThan(BIG_STEPS * 4)
                .isEqualTo(shape(compiled.module().codeSection().getFunctionBody(1)));
        // and everything behaves as the module compiled from its full bytes, in a fresh instance each
        assertThat(answers(loaded)).isEqualTo(expected);
        assertThat(answers(loaded)).isEqualTo(expected);
        // the same for the interpreter, which always decodes everything
        var interpreted = new ModuleCompiler(EngineMode.INTERPRETER, cache()).compile(binary);
        assertThat(answers(interpreted)).isEqualTo(expected);
    }

    @Test
    void anEntryWhoseInterpretedFunctionsDoNotFitTheModuleIsRecompiledNeverTrusted() throws IOException {
        byte[] binary = moduleWithAnInterpretedFunction();
        String hash = Digests.sha256Hex(binary);
        new ModuleCompiler(EngineMode.COMPILER, cache()).compile(binary);
        Path file = dir.resolve(cache().fileName(hash));
        byte[] payload = cache().decode(Files.readAllBytes(file), hash);
        // a well-formed entry (right header, right checksum) naming a body the module does not have
        byte[] damaged = payload.clone();
        java.nio.ByteBuffer.wrap(damaged).putInt(damaged.length - 4, 99);
        Files.write(file, cache().encode(hash, damaged));

        var compiler = new ModuleCompiler(EngineMode.COMPILER, cache());
        CompiledModule module = compiler.compile(binary);
        assertThat(compiler.stats()).isEqualTo(new ModuleCompiler.Stats(1, 0, 0));
        assertThat(module.module().codeSection().getFunctionBody(0).instructions())
                .hasSizeGreaterThan(2);
        assertThat(instantiateWithHost(module).export("twice").apply(4)[0]).isEqualTo(50);
        // rebuilt: the next compiler loads it
        assertThat(cache().decode(Files.readAllBytes(file), hash)).isEqualTo(payload);
        var next = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(instantiateWithHost(next.compile(binary)).export("calc").apply(1)[0])
                .isEqualTo((1L + BIG_STEPS) * 2 + 42 + 1000 - 1);
        assertThat(next.stats()).isEqualTo(new ModuleCompiler.Stats(0, 0, 1));
    }

    @Test
    void anEntryOfAnotherBinaryIsNotLoadedForThisOne() throws IOException {
        new ModuleCompiler(EngineMode.COMPILER, cache()).compile(module(4));
        String four = Digests.sha256Hex(module(4));
        String five = Digests.sha256Hex(module(5));
        Files.copy(dir.resolve(cache().fileName(four)), dir.resolve(cache().fileName(five)));
        var compiler = new ModuleCompiler(EngineMode.COMPILER, cache());
        assertThat(call(compiler.compile(module(5)), 0)).isEqualTo(5);
        assertThat(compiler.stats().compiled()).isEqualTo(1);
    }

    @Test
    void theFolderIsKeptUnderItsBoundByEvictingTheLeastRecentlyUsed() throws Exception {
        var probe = new ModuleCompiler(EngineMode.COMPILER, cache());
        probe.compile(module(10));
        long one = Files.size(entries().get(0));
        Files.delete(entries().get(0));

        var bounded = CompileCache.at(dir, one * 2 + one / 2, null);
        var compiler = new ModuleCompiler(EngineMode.COMPILER, bounded);
        compiler.compile(module(10));
        Files.setLastModifiedTime(
                dir.resolve(bounded.fileName(Digests.sha256Hex(module(10)))),
                java.nio.file.attribute.FileTime.fromMillis(1_000));
        compiler.compile(module(11));
        Files.setLastModifiedTime(
                dir.resolve(bounded.fileName(Digests.sha256Hex(module(11)))),
                java.nio.file.attribute.FileTime.fromMillis(2_000));
        compiler.compile(module(12));

        assertThat(entries()).hasSize(2);
        assertThat(bounded.get(Digests.sha256Hex(module(10)))).isNull();
        assertThat(bounded.get(Digests.sha256Hex(module(11)))).isNotNull();
        assertThat(bounded.get(Digests.sha256Hex(module(12)))).isNotNull();
        long total = 0;
        for (Path p : entries()) {
            total += Files.size(p);
        }
        assertThat(total).isLessThanOrEqualTo(one * 2 + one / 2);
    }

    @Test
    void twoJvmsFillTheSameCacheAtOnce() throws Exception {
        int modules = 12;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CompileCacheFiller.class.getName(),
                        dir.toString(),
                        Integer.toString(modules))
                .redirectErrorStream(true)
                .start();
        // this JVM fills the same folder meanwhile, the modules in the opposite order
        List<Thread> threads = new ArrayList<>();
        var errors = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
        for (int t = 0; t < 2; t++) {
            int offset = t;
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = modules - 1 - offset; i >= 0; i -= 2) {
                        var compiler = new ModuleCompiler(EngineMode.COMPILER, cache());
                        assertThat(call(compiler.compile(module(100 + i)), 1)).isEqualTo(103 + i);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(other.getInputStream().readAllBytes());
        assertThat(other.exitValue()).as(output).isZero();
        assertThat(output).contains("filled " + modules);
        assertThat(errors).isEmpty();

        // every entry is whole and loads; no temporary file is left behind
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part")))
                    .isEmpty();
        }
        assertThat(entries()).hasSize(modules);
        var reader = new ModuleCompiler(EngineMode.COMPILER, cache());
        for (int i = 0; i < modules; i++) {
            assertThat(call(reader.compile(module(100 + i)), 1)).isEqualTo(103 + i);
        }
        assertThat(reader.stats()).isEqualTo(new ModuleCompiler.Stats(0, 0, modules));
    }

    @Test
    void distinctBinariesCompileInParallelAndTheSameBinaryOnce() throws Exception {
        var compiler = new ModuleCompiler(EngineMode.COMPILER, cache());
        // each compile of a distinct binary waits, at its end, until the other has finished too: with
        // one lock around all compiles the second could never finish while the first waits
        var bothDone = new java.util.concurrent.CountDownLatch(2);
        var overlapped = new java.util.concurrent.ConcurrentLinkedQueue<Boolean>();
        compiler.onCompile((hash, nanos) -> {
            bothDone.countDown();
            try {
                overlapped.add(bothDone.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> threads = new ArrayList<>();
        var seen = new java.util.concurrent.ConcurrentLinkedQueue<CompiledModule>();
        for (int i = 0; i < 6; i++) {
            int n = i % 2;
            threads.add(Thread.ofPlatform().start(() -> seen.add(compiler.compile(module(200 + n)))));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(overlapped).containsExactly(true, true);
        assertThat(compiler.stats().compiled()).isEqualTo(2);
        assertThat(seen).hasSize(6);
        assertThat(seen.stream().distinct()).hasSize(2);
    }

    private List<Path> entries() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wcc"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
