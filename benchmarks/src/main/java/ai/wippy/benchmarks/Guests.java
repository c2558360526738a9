package ai.wippy.benchmarks;

import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The guests the benchmarks run, assembled from the WAT sources in {@code bench/}. */
final class Guests {

    /** A registry with {@code bench:add}, a WAT {@code add(a, b)} in a static pool of one; more entries may follow. */
    static final String ADD_REGISTRY = """
            version: "1.0"
            namespace: bench
            entries:
              - name: add
                kind: function.wat
                source: file://add.wat
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
                pool: { type: static, size: 1 }
            """;

    private Guests() {}

    static String wat(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/bench/" + name + ".wat")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] wasm(String name) {
        return new WatAssembler().assemble(wat(name));
    }

    static WasmRegistry registry(String yaml) {
        return WasmRegistry.builder()
                .document(new RegistryDocument(
                        "bench/_index.yaml", yaml, new ResourceBase.Classpath(Guests.class.getClassLoader(), "bench")))
                .build();
    }

    /** Plain Java peers of the guests. */
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static byte[] pattern(int len) {
        byte[] data = new byte[len];
        for (int i = 0; i < len; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    static int fnv1a(byte[] data) {
        int h = 0x811c9dc5;
        for (byte b : data) {
            h = (h ^ (b & 0xFF)) * 0x01000193;
        }
        return h;
    }

    static Path here() {
        return Path.of(".").toAbsolutePath();
    }
}
