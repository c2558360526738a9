package ai.wippy.spring;

import ai.wippy.engine.CompileCache;
import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.spi.MemorySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the Wippy runtime, under {@code wippy.*}: records bound through their constructors, each
 * default stated once, in its {@link DefaultValue}.
 *
 * @param registry where registry files are found
 * @param engine how WebAssembly runs
 * @param dispatcher the dispatcher calls run on
 * @param limits how much of the heap guests may claim
 * @param functionBeans one bean per function entry
 * @param cli the 'run NAME [ARGS]' command line
 */
@ConfigurationProperties("wippy")
public record WippyProperties(
        @DefaultValue Registry registry,
        @DefaultValue Engine engine,
        @DefaultValue Dispatcher dispatcher,
        @DefaultValue Limits limits,
        @DefaultValue FunctionBeans functionBeans,
        @DefaultValue Cli cli) {

    /**
     * One bean per function entry.
     *
     * @param enabled Whether to register a WippyFunctionBean per function entry, named by the entry's ID.
     */
    public record FunctionBeans(@DefaultValue("true") boolean enabled) {}

    /**
     * The {@code run NAME [ARGS]} command line.
     *
     * @param exit Whether 'run NAME [ARGS]' closes the application and exits the JVM with the command's
     *     exit code once it ends (set false in tests and read WippyCommandRunner.getExitCode()).
     */
    public record Cli(@DefaultValue("true") boolean exit) {}

    /**
     * Where registry files are found.
     *
     * @param locations Resource patterns of registry files on the classpath or elsewhere.
     * @param directories File-system folders scanned (recursively) for _index.yaml files, in addition to
     *     the locations.
     * @param maxFileSize The largest registry file accepted; a larger one stops the boot before it is
     *     parsed.
     * @param allowOutsideSources Whether a 'source: file://...' may name a file outside the folder of its
     *     _index.yaml (through '..', an absolute path or a symbolic link).
     * @param directoryBase The folder relative fs.directory paths resolve against, as Wippy resolves them
     *     against its project folder; unset, they are relative to the _index.yaml that declares them.
     * @param watch Whether a change to a registry file (_index.yaml, .wat, .wasm, .lua) is applied while
     *     the application runs, as one transaction (a broken change leaves the registry as it was): under
     *     wippy.registry.directories, and under the classpath folders of wippy.registry.locations (never
     *     a jar). Unset: the directories are watched, and the classpath folders too when
     *     spring-boot-devtools is on the classpath.
     */
    public record Registry(
            @DefaultValue("classpath*:wippy/**/_index.yaml") List<String> locations,
            @DefaultValue List<String> directories,

            @DefaultValue(RegistryOptions.DEFAULT_MAX_FILE_SIZE + "B")
            DataSize maxFileSize,

            boolean allowOutsideSources,
            Path directoryBase,
            Boolean watch) {

        /** These settings as the runtime takes them. */
        public RegistryOptions toOptions() {
            return new RegistryOptions(maxFileSize.toBytes(), allowOutsideSources, directoryBase);
        }
    }

    /**
     * How WebAssembly runs.
     *
     * @param mode compiler (WebAssembly compiled to JVM bytecode, the default) or interpreter.
     * @param cache Whether compiled classes are kept in cache-dir between boots, so that each binary is
     *     compiled once; build-time classes (wippy-maven-plugin) are used either way.
     * @param cacheDir The compile cache folder; by default wippy/compiled under $XDG_CACHE_HOME or
     *     ~/.cache.
     * @param cacheMaxSize The size bound of the compile cache folder; the least recently used entries go
     *     first.
     */
    public record Engine(
            @DefaultValue("compiler") EngineMode mode,
            @DefaultValue("true") boolean cache,
            Path cacheDir,

            @DefaultValue(CompileCache.DEFAULT_MAX_BYTES + "B")
            DataSize cacheMaxSize) {

        /** These settings as the runtime takes them; build-time classes are read from {@code classLoader}. */
        public CompileCache toCompileCache(ClassLoader classLoader) {
            if (!cache) {
                return CompileCache.classPathOnly(classLoader);
            }
            return CompileCache.at(
                    cacheDir != null ? cacheDir : CompileCache.defaultDirectory(), cacheMaxSize.toBytes(), classLoader);
        }
    }

    /**
     * The dispatcher calls run on.
     *
     * @param workerClasses Threads of named worker classes (pool.worker_class), e.g.
     *     wippy.dispatcher.worker-classes.heavy=2.
     */
    public record Dispatcher(@DefaultValue Map<String, Integer> workerClasses) {}

    /**
     * How much of the heap guests may claim; a guest meets these limits, never the JVM's OutOfMemoryError.
     *
     * @param maxMemory Default ceiling of each guest memory of an instance (an entry's
     *     limits.max_memory_pages replaces it); memory.grow past it fails, and a module declaring more is
     *     refused at boot.
     * @param maxLift Most that lifting the values of one call out of guest memory may allocate; past it
     *     the call traps.
     * @param poolMemory Most guest memory the instances one pool creates at boot may declare together (a
     *     static pool's size, an adaptive pool's min_size); a pool above it is refused at boot. Default:
     *     half the JVM's maximum heap.
     * @param totalMemory Most guest memory all instances may hold together, accounted as memories are
     *     created and grow: past it a new instance fails with SATURATED and memory.grow answers -1.
     *     Default: three fifths of the JVM's maximum heap.
     */
    public record Limits(
            @DefaultValue(MemorySettings.DEFAULT_MAX_MEMORY_BYTES + "B")
            DataSize maxMemory,

            @DefaultValue(MemorySettings.DEFAULT_MAX_LIFT_BYTES + "B")
            DataSize maxLift,

            DataSize poolMemory,
            DataSize totalMemory) {

        /** The runtime's memory settings. */
        public MemorySettings toSettings() {
            return new MemorySettings(
                    maxMemory.toBytes(),
                    maxLift.toBytes(),
                    poolMemory == null ? MemorySettings.defaultPoolMemoryBytes() : poolMemory.toBytes(),
                    totalMemory == null ? MemorySettings.defaultTotalMemoryBytes() : totalMemory.toBytes());
        }
    }
}
