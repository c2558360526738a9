package ai.wippy.spring;

import ai.wippy.engine.EngineMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
