package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.engine.CompiledModule;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import ai.wippy.wasm.CoreImportProvider;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Services of other jars ({@link java.util.ServiceLoader}, here the test class path's
 * META-INF/services) are found once per builder, and every lookup still gets instances of its own.
 */
class DiscoveredServicesTest {

    /** Serves the import module {@code discovered}: a function {@code seven}; remembers each instance that linked. */
    public static final class Seven implements CoreImportProvider {
        static final Set<Seven> LINKED = ConcurrentHashMap.newKeySet();

        @Override
        public boolean serves(String importModule) {
            return importModule.equals("discovered");
        }

        @Override
        public InstanceImports prepare(
                RegistryEntry entry, CompiledModule module, String importModule, LoadContext context) {
            LINKED.add(this);
            return () -> List.of(new ImportFunction(
                    "discovered", "seven", FunctionType.of(List.of(), List.of(ValType.I32)), (instance, args) ->
                            new long[] {7}));
        }
    }

    private static String entry(String name, int plus) {
        return """
                  - name: %s
                    kind: function.wat
                    method: f
                    source: '(module (import "discovered" "seven" (func $s (result i32))) (func (export "f") (result i32) call $s i32.const %d i32.add))'
                """.formatted(name, plus);
    }

    @Test
    void aDiscoveredProviderLinksEveryEntryWithAnInstanceOfItsOwnAlsoAfterALiveUpdate() {
        Seven.LINKED.clear();
        String head = "version: \"1.0\"\nnamespace: found\nentries:\n";
        try (WasmRegistry registry = TestRegistries.runtime(head + entry("a", 0) + entry("b", 1))) {
            assertThat(registry.call("found:a")).isEqualTo(7);
            assertThat(registry.call("found:b")).isEqualTo(8);
            assertThat(Seven.LINKED).hasSize(2);
            // a later load of the same runtime (its builder's providers found already) links afresh too
            registry.apply(List.of(TestRegistries.doc(head + entry("a", 0) + entry("b", 1) + entry("c", 2))));
            assertThat(registry.call("found:c")).isEqualTo(9);
            assertThat(Seven.LINKED).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
