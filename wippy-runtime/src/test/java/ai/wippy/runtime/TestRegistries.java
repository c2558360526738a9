package ai.wippy.runtime;

import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import java.nio.file.Path;

/** Builds runtimes from inline YAML for tests. */
public final class TestRegistries {

    private TestRegistries() {}

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
}
