package ai.wippy.runtime;

import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import java.nio.file.Path;

/** Builds runtimes from inline YAML for tests. */
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
