package ai.wippy.spring.aot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What the starter loads that a native image must be told about: the registry files and everything
 * next to them under {@code wippy/} on the classpath ({@code _index.yaml}, {@code .wat}, {@code .wasm},
 * {@code .lua}, {@code fs.embed} content), the registry's JSON Schema, and the handlers, import providers and Lua modules
 * of other jars that the runtime finds with {@link java.util.ServiceLoader} (their service files and
 * constructors; the built-ins are constructed directly and need nothing).
 * Registry files outside {@code wippy/} (other {@code wippy.registry.locations}) need hints of the
 * application's own.
 */
public final class WippyRuntimeHints implements RuntimeHintsRegistrar {

    /** The extension interfaces of the runtime that other jars provide through {@link java.util.ServiceLoader}. */
    static final String[] SERVICES = {
        "ai.wippy.spi.EntryHandler",
        "ai.wippy.wasm.CoreImportProvider",
        "ai.wippy.wasm.CanonicalCoreAbi",
        "ai.wippy.wasm.ComponentLoader",
        "ai.wippy.lua.LuaModule",
    };

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern("wippy/**").registerPattern("META-INF/wippy/registry.schema.json");
        ClassLoader loader = classLoader != null ? classLoader : WippyRuntimeHints.class.getClassLoader();
        for (String service : SERVICES) {
            String file = "META-INF/services/" + service;
            hints.resources().registerPattern(file);
            for (String implementation : implementations(loader, file)) {
                hints.reflection()
                        .registerType(TypeReference.of(implementation), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
            }
        }
    }

    private static java.util.List<String> implementations(ClassLoader loader, String file) {
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            Enumeration<URL> urls = loader.getResources(file);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream();
                        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        int comment = line.indexOf('#');
                        String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return names;
    }
}
