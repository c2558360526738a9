package ai.wippy.spring;

import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.spi.MemorySettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Settings of the Wippy runtime, under {@code wippy.*}. */
@ConfigurationProperties("wippy")
public class WippyProperties {

    private final Registry registry = new Registry();
    private final Engine engine = new Engine();
    private final Dispatcher dispatcher = new Dispatcher();
    private final Limits limits = new Limits();
    private final FunctionBeans functionBeans = new FunctionBeans();
    private final Cli cli = new Cli();

    public FunctionBeans getFunctionBeans() {
        return functionBeans;
    }

    public Cli getCli() {
        return cli;
    }

    /** One bean per function entry. */
    public static class FunctionBeans {

        /** Whether to register a WippyFunctionBean per function entry, named by the entry's ID. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The {@code run NAME [ARGS]} command line. */
    public static class Cli {

        /**
         * Whether 'run NAME [ARGS]' closes the application and exits the JVM with the command's exit
         * code once it ends (set false in tests and read WippyCommandRunner.getExitCode()).
         */
        private boolean exit = true;

        public boolean isExit() {
            return exit;
        }

        public void setExit(boolean exit) {
            this.exit = exit;
        }
    }

    public Registry getRegistry() {
        return registry;
    }

    public Engine getEngine() {
        return engine;
    }

    public Dispatcher getDispatcher() {
        return dispatcher;
    }

    public Limits getLimits() {
        return limits;
    }

    /** Where registry files are found. */
    public static class Registry {

        /** Resource patterns of registry files on the classpath or elsewhere. */
        private List<String> locations = new ArrayList<>(List.of("classpath*:wippy/**/_index.yaml"));

        /** File-system folders scanned (recursively) for _index.yaml files, in addition to the locations. */
        private List<String> directories = new ArrayList<>();

        /** The largest registry file accepted; a larger one stops the boot before it is parsed. */
        private DataSize maxFileSize = DataSize.ofBytes(RegistryOptions.DEFAULT_MAX_FILE_SIZE);

        /**
         * Whether a 'source: file://...' may name a file outside the folder of its _index.yaml (through
         * '..', an absolute path or a symbolic link).
         */
        private boolean allowOutsideSources = false;

        /**
         * The folder relative fs.directory paths resolve against, as Wippy resolves them against its
         * project folder; unset, they are relative to the _index.yaml that declares them.
         */
        private java.nio.file.Path directoryBase;

        public java.nio.file.Path getDirectoryBase() {
            return directoryBase;
        }

        public void setDirectoryBase(java.nio.file.Path directoryBase) {
            this.directoryBase = directoryBase;
        }

        /**
         * Whether a change to a registry file (_index.yaml, .wat, .wasm, .lua) is applied while the
         * application runs, as one transaction (a broken change leaves the registry as it was): under
         * wippy.registry.directories, and under the classpath folders of wippy.registry.locations
         * (never a jar). Unset: the directories are watched, and the classpath folders too when
         * spring-boot-devtools is on the classpath.
         */
        private Boolean watch;

        public Boolean getWatch() {
            return watch;
        }

        public void setWatch(Boolean watch) {
            this.watch = watch;
        }

        public List<String> getLocations() {
            return locations;
        }

        public void setLocations(List<String> locations) {
            this.locations = locations;
        }

        public List<String> getDirectories() {
            return directories;
        }

        public void setDirectories(List<String> directories) {
            this.directories = directories;
        }

        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public boolean isAllowOutsideSources() {
            return allowOutsideSources;
        }

        public void setAllowOutsideSources(boolean allowOutsideSources) {
            this.allowOutsideSources = allowOutsideSources;
        }

        /** These settings as the runtime takes them. */
        public RegistryOptions toOptions() {
            return new RegistryOptions(maxFileSize.toBytes(), allowOutsideSources, directoryBase);
        }
    }

    /** How WebAssembly runs. */
    public static class Engine {

        /** compiler (WebAssembly compiled to JVM bytecode, the default) or interpreter. */
        private EngineMode mode = EngineMode.COMPILER;

        public EngineMode getMode() {
            return mode;
        }

        public void setMode(EngineMode mode) {
            this.mode = mode;
        }

        /**
         * Whether compiled classes are kept in {@code cache-dir} between boots, so that each binary is
         * compiled once; build-time classes (wippy-maven-plugin) are used either way.
         */
        private boolean cache = true;

        /** The compile cache folder; by default wippy/compiled under $XDG_CACHE_HOME or ~/.cache. */
        private java.nio.file.Path cacheDir;

        /** The size bound of the compile cache folder; the least recently used entries go first. */
        private DataSize cacheMaxSize = DataSize.ofBytes(ai.wippy.engine.CompileCache.DEFAULT_MAX_BYTES);

        public boolean isCache() {
            return cache;
        }

        public void setCache(boolean cache) {
            this.cache = cache;
        }

        public java.nio.file.Path getCacheDir() {
            return cacheDir;
        }

        public void setCacheDir(java.nio.file.Path cacheDir) {
            this.cacheDir = cacheDir;
        }

        public DataSize getCacheMaxSize() {
            return cacheMaxSize;
        }

        public void setCacheMaxSize(DataSize cacheMaxSize) {
            this.cacheMaxSize = cacheMaxSize;
        }

        /** These settings as the runtime takes them; build-time classes are read from {@code classLoader}. */
        public ai.wippy.engine.CompileCache toCompileCache(ClassLoader classLoader) {
            if (!cache) {
                return ai.wippy.engine.CompileCache.classPathOnly(classLoader);
            }
            return ai.wippy.engine.CompileCache.at(
                    cacheDir != null ? cacheDir : ai.wippy.engine.CompileCache.defaultDirectory(),
                    cacheMaxSize.toBytes(),
                    classLoader);
        }
    }

    /** The dispatcher calls run on. */
    public static class Dispatcher {

        /** Threads of named worker classes (pool.worker_class), e.g. wippy.dispatcher.worker-classes.heavy=2. */
        private Map<String, Integer> workerClasses = new LinkedHashMap<>();

        public Map<String, Integer> getWorkerClasses() {
            return workerClasses;
        }

        public void setWorkerClasses(Map<String, Integer> workerClasses) {
            this.workerClasses = workerClasses;
        }
    }

    /** How much of the heap guests may claim; a guest meets these limits, never the JVM's OutOfMemoryError. */
    public static class Limits {

        /**
         * Default ceiling of each guest memory of an instance (an entry's limits.max_memory_pages
         * replaces it); memory.grow past it fails, and a module declaring more is refused at boot.
         */
        private DataSize maxMemory = DataSize.ofBytes(MemorySettings.DEFAULT_MAX_MEMORY_BYTES);

        /** Most that lifting the values of one call out of guest memory may allocate; past it the call traps. */
        private DataSize maxLift = DataSize.ofBytes(MemorySettings.DEFAULT_MAX_LIFT_BYTES);

        /**
         * Most guest memory the instances one pool creates at boot may declare together (a static
         * pool's size, an adaptive pool's min_size); a pool above it is refused at boot. Default: half
         * the JVM's maximum heap.
         */
        private DataSize poolMemory;

        /**
         * Most guest memory all instances may hold together, accounted as memories are created and
         * grow: past it a new instance fails with SATURATED and memory.grow answers -1. Default: three
         * fifths of the JVM's maximum heap.
         */
        private DataSize totalMemory;

        public DataSize getTotalMemory() {
            return totalMemory;
        }

        public void setTotalMemory(DataSize totalMemory) {
            this.totalMemory = totalMemory;
        }

        public DataSize getMaxMemory() {
            return maxMemory;
        }

        public void setMaxMemory(DataSize maxMemory) {
            this.maxMemory = maxMemory;
        }

        public DataSize getMaxLift() {
            return maxLift;
        }

        public void setMaxLift(DataSize maxLift) {
            this.maxLift = maxLift;
        }

        public DataSize getPoolMemory() {
            return poolMemory;
        }

        public void setPoolMemory(DataSize poolMemory) {
            this.poolMemory = poolMemory;
        }

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
