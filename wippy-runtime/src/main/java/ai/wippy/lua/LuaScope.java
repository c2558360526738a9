package ai.wippy.lua;

import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * What the code of one Lua entry ({@code function.lua} or {@code library.lua}) may {@code require}:
 * the modules its {@code modules} field grants and the libraries its {@code imports} map binds to
 * local names. Read once at boot; every call builds its own module tables and library values from it.
 *
 * @param owner the entry's ID, for messages
 * @param modules granted module names and how each call creates them
 * @param imports local name to library
 */
record LuaScope(String owner, Map<String, Supplier<LuaValue>> modules, Map<String, LuaLibrary> imports) {

    static LuaScope of(Map<String, Supplier<LuaValue>> modules) {
        return new LuaScope("(test)", modules, Map.of());
    }

    /** The source of a Lua entry, compiled (to a prototype, and that to JVM code, see {@link LuaCompiled}); the {@code chunkName} its errors name. */
    record Source(LuaCompiled code, String chunkName) {}

    static Source compile(RegistryEntry entry, LoadContext context) {
        String source = entry.requiredString("source");
        String text;
        String chunkName = entry.id().toString();
        if (source.startsWith("file://")) {
            text = ai.wippy.registry.SourceFiles.text(
                    entry, "source", source, context.registry().options());
            chunkName = entry.base().describe(source);
        } else {
            text = source;
        }
        try {
            // Wippy's typed Lua: annotations erased line for line (plain Lua comes back unchanged)
            text = LuaTypes.erase(text);
        } catch (LuaTypeSyntax.TypeSyntaxError e) {
            throw entry.error("source", "Lua does not compile: " + chunkName + ":" + e.line + ": " + e.getMessage(), e);
        }
        try {
            Prototype p = LuaC.instance.compile(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "@" + chunkName);
            return new Source(LuaCompiled.of(p), chunkName);
        } catch (LuaError | IOException e) {
            throw entry.error("source", "Lua does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code modules} and {@code imports} of {@code entry}. Imported libraries are loaded first
     * (through {@code libraries}, which refuses cycles); a missing one, one of another kind, a name
     * that is not a string or an import named like a granted module stops the boot, naming the field.
     */
    static LuaScope read(RegistryEntry entry, LoadContext context, LuaLibraryHandler libraries) {
        Map<String, LuaModule> extra = new LinkedHashMap<>();
        for (LuaModule m : context.services(LuaModule.class)) {
            extra.putIfAbsent(m.name(), m);
        }
        List<String> known = new ArrayList<>(LuaModules.KNOWN);
        known.addAll(extra.keySet());
        List<String> modules = new ArrayList<>();
        List<Object> raw = entry.list("modules");
        for (int i = 0; i < raw.size(); i++) {
            String m = String.valueOf(raw.get(i));
            if (!known.contains(m)) {
                throw entry.error("modules[" + i + "]", "'" + m + "' is not a module; known: " + known);
            }
            modules.add(m);
        }
        Map<String, LuaLibrary> imports = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entry.map("imports").entrySet()) {
            String alias = e.getKey();
            String field = "imports." + alias;
            if (!(e.getValue() instanceof String ref) || ref.isBlank()) {
                throw entry.error(
                        field,
                        "must be the ID of a library.lua entry (namespace:name), got "
                                + RegistryEntry.describe(e.getValue()));
            }
            if (!alias.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                throw entry.error(field, "'" + alias + "' is not a name require() can use");
            }
            if (modules.contains(alias)) {
                throw entry.error(field, "'" + alias + "' is also listed in modules; give the import another name");
            }
            imports.put(alias, libraries.library(entry, field, ref, context));
        }
        return new LuaScope(
                entry.id().toString(),
                LuaModules.granted(modules, context::runtime, entry.id().toString(), extra),
                Map.copyOf(imports));
    }

    /** An import's target ID as Wippy resolves it: {@code ns:name}, or a bare name in the entry's namespace. */
    static EntryId target(RegistryEntry entry, String reference) {
        return EntryId.resolve(reference, entry.id().namespace());
    }
}
