package ai.wippy.spring;

import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryOptions;
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

    public Registry getRegistry() {
        return registry;
    }

    public Engine getEngine() {
        return engine;
    }

    public Dispatcher getDispatcher() {
        return dispatcher;
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
            return new RegistryOptions(maxFileSize.toBytes(), allowOutsideSources);
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
}
