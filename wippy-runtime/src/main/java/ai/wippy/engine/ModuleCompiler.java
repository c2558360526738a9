package ai.wippy.engine;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.CompilerResult;
import com.dylibso.chicory.compiler.internal.MachineFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Decodes, validates and compiles core modules, once per distinct binary (keyed by SHA-256) however
 * many entries use it. Distinct binaries compile in parallel; callers asking for the same binary wait
 * for the one compile. With a {@link CompileCache}, compiled classes are loaded from build-time
 * entries or the cache folder when there are valid ones, and stored there after a compile; a module
 * whose classes are loaded so is decoded without the bodies of the functions they compile (only the
 * bodies the interpreter runs are decoded and validated, see {@link #fromStored}).
 */
public final class ModuleCompiler {

    /** A binary that does not decode, validate or compile; the message says why. */
    public static final class ModuleException extends RuntimeException {
        public ModuleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How many modules were compiled, and how many were loaded from build-time or cached classes. */
    public record Stats(int compiled, int fromBuildTime, int fromCache) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModuleCompiler.class);

    private final EngineMode mode;
    private final CompileCache compileCache;
    private final ConcurrentMap<String, CompletableFuture<CompiledModule>> modules = new ConcurrentHashMap<>();
    private final AtomicInteger compiled = new AtomicInteger();
    private final AtomicInteger fromBuildTime = new AtomicInteger();
    private final AtomicInteger fromCache = new AtomicInteger();
    private volatile BiConsumer<String, Long> compileObserver = (hash, nanos) -> {};

    public ModuleCompiler(EngineMode mode) {
        this(mode, null);
    }

    /** A compiler that loads and stores compiled classes through {@code compileCache} (null: none). */
    public ModuleCompiler(EngineMode mode, CompileCache compileCache) {
        this.mode = mode;
        this.compileCache = compileCache;
    }

    public EngineMode mode() {
        return mode;
    }

    /** Called with the binary's hash and the nanoseconds each module's preparation took. */
    public void onCompile(BiConsumer<String, Long> observer) {
        this.compileObserver = observer;
    }

    public CompiledModule compile(byte[] bytes) {
        String hash = Digests.sha256Hex(bytes);
        CompletableFuture<CompiledModule> mine = new CompletableFuture<>();
        CompletableFuture<CompiledModule> existing = modules.putIfAbsent(hash, mine);
        if (existing != null) {
            return await(existing);
        }
        try {
            long start = System.nanoTime();
            CompiledModule module = doCompile(bytes, hash);
            compileObserver.accept(hash, System.nanoTime() - start);
            mine.complete(module);
            return module;
        } catch (RuntimeException | Error e) {
            // a binary that fails is not remembered: the next entry naming it gets its own error
            modules.remove(hash, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static CompiledModule await(CompletableFuture<CompiledModule> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    private CompiledModule doCompile(byte[] bytes, String hash) {
        if (mode != EngineMode.INTERPRETER) {
            CompiledModule stored = fromStored(bytes, hash);
            if (stored != null) {
                return stored;
            }
        }
        WasmModule module = parse(bytes, null);
        if (mode == EngineMode.INTERPRETER) {
            return new CompiledModule(module, null, hash, mode);
        }
        try {
            Compiled result = compileClasses(module, hash);
            compiled.incrementAndGet();
            if (compileCache != null) {
                compileCache.put(hash, result.payload());
            }
            return new CompiledModule(module, result.factory(), hash, mode);
        } catch (VirtualMachineError e) {
            throw tooDeep(e, "compile");
        } catch (Throwable e) {
            throw new ModuleException("module does not compile: " + describe(e), e);
        }
    }

    /**
     * Decodes and validates a binary; with {@code kept} (the code-section indices of the bodies the
     * interpreter runs) every other function body is replaced by one that traps before the parser sees
     * it (see {@link CoreModuleCheck#keepingBodies}).
     */
    private static WasmModule parse(byte[] bytes, java.util.BitSet kept) {
        try {
            byte[] checked = CoreModuleCheck.beforeParse(bytes);
            if (kept != null) {
                checked = CoreModuleCheck.keepingBodies(checked, kept);
            }
            WasmModule module = Parser.parse(checked);
            CoreModuleCheck.afterParse(module, checked);
            return module;
        } catch (CoreModuleCheck.Malformed e) {
            throw new ModuleException("binary does not decode as a WebAssembly module: " + e.getMessage(), e);
        } catch (VirtualMachineError e) {
            throw tooDeep(e, "decode");
        } catch (Throwable e) {
            // Chicory's parser and validator fail on hostile bytes with whatever they meet (a
            // NullPointerException, a NegativeArraySizeException, an AssertionError under -ea): all
            // of them are a binary that does not decode
            throw new ModuleException("binary does not decode as a WebAssembly module: " + describe(e), e);
        }
    }

    /**
     * The module with the stored classes of this binary, or null (none, or they fail to load: the
     * caller then decodes and compiles it afresh, and a damaged cache entry is replaced).
     *
     * <p>Stored classes were made by a compile of these same bytes (the entry is found by the
     * binary's SHA-256 and checked against its own checksum), which decoded and validated the whole
     * module. The functions they compile never run from the module's function bodies, so only the
     * bodies of the functions too big for a JVM method, which the interpreter runs, are decoded and
     * validated again; the others are replaced by a body that traps. Every other section is decoded
     * and validated as always.
     */
    private CompiledModule fromStored(byte[] bytes, String hash) {
        if (compileCache == null) {
            return null;
        }
        CompileCache.Hit hit = compileCache.get(hash);
        if (hit == null) {
            return null;
        }
        try {
            Stored stored = decodePayload(hit.payload());
            WasmModule module = parse(bytes, stored.interpretedBodies());
            Function<Instance, Machine> factory = load(module, stored);
            (hit.origin() == CompileCache.Origin.BUILD_TIME ? fromBuildTime : fromCache).incrementAndGet();
            return new CompiledModule(module, factory, hash, mode);
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e;
            }
            LOG.warn("stored classes of module {} fail to load ({}); compiling again", hash, e.toString());
        } catch (Throwable e) {
            // a VerifyError, a ClassFormatError, a missing main class, a body list that does not fit
            // the binary: never trusted, compiled afresh
            LOG.warn("stored classes of module {} fail to load ({}); compiling again", hash, e.toString());
        }
        if (hit.origin() == CompileCache.Origin.DISK) {
            compileCache.remove(hash);
        }
        return null;
    }

    /** The classes of a module and the payload that stores them. */
    public record Compiled(Function<Instance, Machine> factory, byte[] payload, Map<String, byte[]> classes) {}

    /**
     * Compiles a module's functions to JVM classes. A function too big for one JVM method runs in the
     * interpreter, with a warning naming it. Used at run time and by {@code wippy-maven-plugin}.
     */
    public static Compiled compileClasses(WasmModule module, String hash) {
        CompilerResult result = Compiler.builder(module)
                .withClassCollectorFactory(ClassLoadingCollector::new)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .build()
                .compile();
        for (int index : result.interpretedFunctions()) {
            String name =
                    module.nameSection() == null ? null : module.nameSection().nameOfFunction(index);
            LOG.warn(
                    "module {}: function {}{} is too big for a JVM method and runs in the interpreter",
                    hash,
                    index,
                    name == null ? "" : " (" + name + ")");
        }
        var collector = (ClassLoadingCollector) result.collector();
        int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
        int[] interpretedBodies = result.interpretedFunctions().stream()
                .mapToInt(index -> index - imported)
                .sorted()
                .toArray();
        byte[] payload = encodeClasses(collector.mainClassName(), collector.classBytes(), interpretedBodies);
        return new Compiled(new MachineFactory(module, collector.machineFactory()), payload, collector.classBytes());
    }

    /** The content of a payload: the classes, and the code-section indices of the interpreted bodies. */
    record Stored(String main, Map<String, byte[]> classes, java.util.BitSet interpretedBodies) {}

    /** Reads a payload of {@link #compileClasses}; a malformed one is an {@link IOException}. */
    static Stored decodePayload(byte[] payload) throws IOException {
        String main;
        Map<String, byte[]> classes = new java.util.HashMap<>();
        var interpreted = new java.util.BitSet();
        try (var in = new DataInputStream(new ByteArrayInputStream(payload))) {
            main = in.readUTF();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IOException("truncated class " + name);
                }
                // Chicory names some classes by their internal name (with slashes)
                classes.put(name.replace('/', '.'), in.readNBytes(length));
            }
            int bodies = in.readInt();
            if (bodies < 0 || bodies > in.available() / 4) {
                throw new IOException("malformed list of interpreted functions");
            }
            for (int i = 0; i < bodies; i++) {
                int body = in.readInt();
                if (body < 0) {
                    throw new IOException("malformed list of interpreted functions");
                }
                interpreted.set(body);
            }
            main = main.replace('/', '.');
            if (in.available() != 0 || !classes.containsKey(main)) {
                throw new IOException("malformed class list");
            }
        }
        return new Stored(main, classes, interpreted);
    }

    /**
     * Loads stored classes (the payload of {@link #compileClasses}) for a module. The main class is
     * defined and verified now; the classes of the function groups are defined when a call first
     * reaches them, so that a big module's first call does not wait for the JVM to verify every
     * function it never runs.
     */
    private static Function<Instance, Machine> load(WasmModule module, Stored stored) throws IOException {
        int bodies = module.codeSection().functionBodyCount();
        if (stored.interpretedBodies().length() > bodies) {
            throw new IOException("the stored classes interpret function body "
                    + (stored.interpretedBodies().length() - 1) + ", but the module has " + bodies);
        }
        String main = stored.main();
        var loader = new StoredClasses(stored.classes());
        try {
            Class<? extends Machine> type = Class.forName(main, true, loader).asSubclass(Machine.class);
            var handle = java.lang.invoke.MethodHandles.publicLookup()
                    .unreflectConstructor(type.getConstructor(Instance.class));
            @SuppressWarnings("unchecked")
            Function<Instance, Machine> factory =
                    java.lang.invoke.MethodHandleProxies.asInterfaceInstance(Function.class, handle);
            return new MachineFactory(module, factory);
        } catch (ReflectiveOperationException e) {
            throw new IOException("stored main class does not load: " + e, e);
        }
    }

    /** Defines stored classes on demand; the parent is the loader of Chicory's compiler, as Chicory's own. */
    private static final class StoredClasses extends ClassLoader {
        private final Map<String, byte[]> classes;

        StoredClasses(Map<String, byte[]> classes) {
            super(MachineFactory.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes;
            synchronized (classes) {
                // defined once: the bytes are not needed any more
                bytes = classes.remove(name);
            }
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    private static byte[] encodeClasses(String main, Map<String, byte[]> classes, int[] interpretedBodies) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeUTF(main);
            out.writeInt(classes.size());
            for (var e : classes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.writeInt(interpretedBodies.length);
            for (int body : interpretedBodies) {
                out.writeInt(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A stack overflow is a module nested too deeply to handle; other VM errors are not the module's. */
    private static ModuleException tooDeep(VirtualMachineError e, String step) {
        if (e instanceof StackOverflowError) {
            return new ModuleException("module is nested too deeply to " + step + " (stack overflow)", e);
        }
        throw e;
    }

    private static String describe(Throwable e) {
        if (e instanceof ChicoryException && e.getMessage() != null) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** How many distinct binaries have been prepared. */
    public int size() {
        return (int) modules.values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .count();
    }

    /** How many modules were compiled, and how many loaded from stored classes, since this compiler was made. */
    public Stats stats() {
        return new Stats(compiled.get(), fromBuildTime.get(), fromCache.get());
    }

    /** The compile cache in use, or null. */
    public CompileCache compileCache() {
        return compileCache;
    }
}
