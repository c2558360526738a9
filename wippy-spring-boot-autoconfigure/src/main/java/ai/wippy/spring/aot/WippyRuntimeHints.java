package ai.wippy.spring.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs that the starter loads reflectively or as resources: the registry files
 * and what they reference under the default location ({@code wippy/**}: {@code _index.yaml},
 * {@code .wat}, {@code .wasm}, {@code .lua}), the schema, the {@link java.util.ServiceLoader} files
 * of the runtime and the providers they name (entry handlers, import providers, Lua modules...),
 * constructed reflectively. Registry files under other {@code wippy.registry.locations} need hints of
 * the application's own.
 */
public final class WippyRuntimeHints implements RuntimeHintsRegistrar {

    /** The service interfaces the runtime loads with {@link java.util.ServiceLoader}. */
    static final List<String> SERVICES = List.of(
            "ai.wippy.runtime.EntryHandler",
            "ai.wippy.wasm.CoreImportProvider",
            "ai.wippy.wasm.CanonicalCoreAbi",
            "ai.wippy.wasm.ComponentLoader",
            "ai.wippy.lua.LuaModule");

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources()
                .registerPattern("wippy/**/_index.yaml")
                .registerPattern("wippy/**/*.wat")
                .registerPattern("wippy/**/*.wasm")
                .registerPattern("wippy/**/*.lua")
                .registerPattern("META-INF/wippy/registry.schema.json");
        ClassLoader loader = classLoader != null ? classLoader : WippyRuntimeHints.class.getClassLoader();
        for (String service : SERVICES) {
            String file = "META-INF/services/" + service;
            hints.resources().registerPattern(file);
            for (String provider : providers(loader, file)) {
                hints.reflection().registerType(TypeReference.of(provider), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
            }
        }
    }

    /** The provider class names a service file lists (comments and blanks skipped). */
    static List<String> providers(ClassLoader loader, String file) {
        try (InputStream in = loader.getResourceAsStream(file)) {
            if (in == null) {
                return List.of();
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .map(l -> l.replaceAll("#.*", "").trim())
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
