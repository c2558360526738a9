package ai.wippy.maven;

import ai.wippy.component.Component;
import ai.wippy.component.binary.ComponentDecodeException;
import ai.wippy.engine.BinaryKind;
import ai.wippy.engine.CompileCache;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.registry.ResourceBase;
import ai.wippy.spi.Dispatcher;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.wasm.WasmBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Compiles the WebAssembly modules of an application's registry at build time: reads the {@code
 * _index.yaml} files under a folder of the compiled classes (as the starter finds them on the class
 * path), reads each binary as the runtime does (checking its {@code hash}), compiles every core module
 * (those inside components too), and writes the classes into {@link CompileCache#CLASSPATH_FOLDER},
 * with an index of what was compiled. At boot the starter loads these classes instead of compiling.
 */
public final class BuildTimeCompiler {

    /** Kinds whose entries carry a WebAssembly binary. */
    static final Set<String> BINARY_KINDS = Set.of("function.wasm", "function.wat", "process.wasm");

    /** One compiled binary: its SHA-256 and the entries that use it. */
    public record Compiled(String sha256, List<String> entries) {}

    private final Path classesDirectory;
    private final String registryFolder;
    private final Consumer<String> info;

    /**
     * @param classesDirectory the compiled classes ({@code target/classes}), where the registry files
     *     were copied and where the compiled modules are written
     * @param registryFolder the class-path folder scanned for {@code _index.yaml} files ({@code wippy},
     *     as the starter's default location {@code classpath*:wippy/**&#47;_index.yaml})
     */
    public BuildTimeCompiler(Path classesDirectory, String registryFolder, Consumer<String> info) {
        this.classesDirectory = classesDirectory;
        this.registryFolder = registryFolder;
        this.info = info;
    }

    /** Compiles every module; a bad entry (unreadable binary, hash mismatch, a module that fails) stops it, named. */
    public List<Compiled> run() throws IOException {
        Path output = classesDirectory.resolve(CompileCache.CLASSPATH_FOLDER);
        try (URLClassLoader classPath = new URLClassLoader(
                new java.net.URL[] {classesDirectory.toUri().toURL()}, BuildTimeCompiler.class.getClassLoader())) {
            Registry registry = Registry.load(documents(classPath), RegistryOptions.defaults());
            // the cache folder is the output: entries of an earlier build of the same binary are reused
            CompileCache cache = CompileCache.at(output, Long.MAX_VALUE, null);
            ModuleCompiler compiler = new ModuleCompiler(EngineMode.COMPILER, cache);
            Context context = Context.of(registry, compiler, new WatAssembler(cache));
            Map<String, List<String>> byHash = new TreeMap<>();
            for (RegistryEntry entry : registry.entries()) {
                if (!BINARY_KINDS.contains(entry.kind())) {
                    continue;
                }
                for (String sha : compile(entry, context)) {
                    byHash.computeIfAbsent(sha, k -> new ArrayList<>())
                            .add(entry.id().toString());
                }
            }
            List<Compiled> out = new ArrayList<>();
            byHash.forEach((sha, entries) -> out.add(new Compiled(sha, List.copyOf(entries))));
            writeIndex(output, cache, out);
            ModuleCompiler.Stats stats = compiler.stats();
            info.accept("wippy: " + out.size() + " modules ready in " + output + " (" + stats.compiled() + " compiled, "
                    + stats.fromCache() + " unchanged since the last build)");
            return out;
        }
    }

    /** The SHA-256 of every core module an entry runs (one, or those of its component). */
    private List<String> compile(RegistryEntry entry, Context context) {
        // as the runtime's handlers read them: function.wat and an inline process.wasm assemble WAT
        boolean wat =
                entry.kind().equals("function.wat") || (entry.kind().equals("process.wasm") && entry.has("source"));
        byte[] binary = wat ? WasmBinaries.fromWat(entry, context) : WasmBinaries.fromFileSystem(entry, context);
        String field = wat ? "source" : "path";
        BinaryKind kind = BinaryKind.detect(binary);
        if (kind == null) {
            throw entry.error(field, "not a WebAssembly binary (no \\0asm preamble)");
        }
        try {
            if (kind == BinaryKind.COMPONENT) {
                return Component.compile(binary, context.compiler()).coreModuleSha256s();
            }
            return List.of(context.compiler().compile(binary).sha256());
        } catch (ModuleCompiler.ModuleException e) {
            throw entry.error(field, e.getMessage(), e);
        } catch (ComponentDecodeException e) {
            throw entry.error(field, "component does not decode: " + e.getMessage(), e);
        }
    }

    /** The registry files under the registry folder of the classes, read as class-path resources. */
    private List<RegistryDocument> documents(ClassLoader classPath) throws IOException {
        Path root = classesDirectory.resolve(registryFolder);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.getFileName().toString().equals("_index.yaml"))
                    .sorted()
                    .toList();
        }
        List<RegistryDocument> docs = new ArrayList<>();
        for (Path file : files) {
            String resource = classesDirectory.relativize(file).toString().replace('\\', '/');
            String folder = resource.substring(0, resource.lastIndexOf('/'));
            try (InputStream in = Files.newInputStream(file)) {
                docs.add(RegistryDocument.read(
                        "classpath:" + resource,
                        in,
                        new ResourceBase.Classpath(classPath, folder),
                        RegistryOptions.defaults()));
            }
        }
        return docs;
    }

    /** Writes the index (binary, entries) and removes entries of binaries no entry uses any more. */
    private static void writeIndex(Path output, CompileCache cache, List<Compiled> compiled) throws IOException {
        Files.createDirectories(output);
        // the classes of every binary, and the binaries assembled from WAT texts
        Set<String> keep = new java.util.HashSet<>(cache.touched());
        StringBuilder index = new StringBuilder("# wippy-maven-plugin: sha256 file entries, Chicory "
                + cache.chicoryVersion() + ", format " + CompileCache.FORMAT + "\n");
        for (Compiled c : compiled) {
            String file = cache.fileName(c.sha256());
            keep.add(file);
            index.append(c.sha256())
                    .append(' ')
                    .append(file)
                    .append(' ')
                    .append(String.join(",", c.entries()))
                    .append('\n');
        }
        try (Stream<Path> files = Files.list(output)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".wcc") && !keep.contains(name)) {
                    Files.delete(p);
                }
            }
        }
        Files.writeString(
                output.resolve(CompileCache.CLASSPATH_INDEX.substring(CompileCache.CLASSPATH_FOLDER.length())),
                index,
                StandardCharsets.UTF_8);
    }

    /**
     * What the runtime's readers need at build time: the registry, file-system entries, the compiler.
     * The goal only reads and compiles binaries; what exists only in a running application (the
     * dispatcher, the runtime, instances and their memory budget, callable functions) is refused with
     * a message that says so, should an entry handler ask for it while its binaries are read.
     */
    private record Context(
            Registry registry,
            RuntimeSettings settings,
            ModuleCompiler compiler,
            WatAssembler assembler,
            Map<EntryId, Object> resources,
            Map<String, EntryHandler> byKind)
            implements LoadContext {

        private static IllegalStateException buildTimeOnly(String what) {
            return new IllegalStateException(what + " exists only in a running application; wippy-maven-plugin"
                    + " reads and compiles the registry's binaries and needs nothing else from an entry handler");
        }

        /** A context whose file-system entries are loaded by the runtime's own handler: binaries are read from them. */
        static Context of(Registry registry, ModuleCompiler compiler, WatAssembler assembler) {
            Map<String, EntryHandler> byKind = new LinkedHashMap<>();
            EntryHandler fileSystems = new ai.wippy.fs.FileSystemHandler();
            fileSystems.kinds().forEach(k -> byKind.put(k, fileSystems));
            return new Context(registry, RuntimeSettings.defaults(), compiler, assembler, new HashMap<>(), byKind);
        }

        @Override
        public Dispatcher dispatcher() {
            throw buildTimeOnly("the dispatcher");
        }

        @Override
        public ai.wippy.spi.RunningRegistry runtime() {
            throw buildTimeOnly("the runtime");
        }

        @Override
        public ai.wippy.engine.GuestMemoryBudget memoryBudget() {
            throw buildTimeOnly("the guest memory budget");
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public <T> List<T> services(Class<T> type) {
            return List.of();
        }

        @Override
        public void putResource(EntryId id, Object resource) {
            resources.put(id, resource);
        }

        /** Only file-system entries are loaded (by the runtime's own handler): binaries are read from them. */
        @Override
        public Object published(RegistryEntry from, String field, RegistryEntry target) {
            if (!resources.containsKey(target.id())) {
                EntryHandler handler = byKind.get(target.kind());
                if (handler == null || !target.kind().startsWith("fs.")) {
                    throw from.error(
                            field,
                            "refers to '" + target.id() + "' of kind " + target.kind()
                                    + ", which is not a file system");
                }
                handler.load(target, this);
            }
            return resources.get(target.id());
        }

        @Override
        public void addFunction(RegisteredFunction function) {
            throw buildTimeOnly("adding a function");
        }
    }
}
