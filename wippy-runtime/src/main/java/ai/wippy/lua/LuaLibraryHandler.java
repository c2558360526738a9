package ai.wippy.lua;

import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * Loads {@code library.lua} entries ({@code source}, {@code modules}, {@code imports}): shared Lua
 * code that {@code function.lua} entries and other libraries bind to a local name with {@code
 * imports: { name: ns:library }} and load with {@code require("name")}. A library's main chunk
 * returns its value (usually a table of functions); it runs once per call that requires it, in that
 * call's sandbox and limits, so nothing it holds outlives the call.
 */
public final class LuaLibraryHandler extends AbstractEntryHandler {

    static final String KIND = "library.lua";

    static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.closed(
            ai.wippy.registry.FieldSet.Field.string("source", "the Lua source, or file:// a .lua file")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.list(
                    "modules", ai.wippy.registry.FieldSet.Type.STRING, "the modules the library may require"),
            ai.wippy.registry.FieldSet.Field.mapping(
                    "imports", null, "other libraries it may require, by the name it requires them: name: ns:library"));

    /** The libraries whose imports are being read on this thread, outermost first: a repeat is a cycle. */
    private static final ThreadLocal<Deque<EntryId>> LOADING = ThreadLocal.withInitial(ArrayDeque::new);

    public LuaLibraryHandler() {
        super(RESOURCES, new ai.wippy.registry.KindSpec(KIND, "a Lua library for function.lua imports", SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        SPEC.checkEntry(entry);
        LuaScope.Source source = LuaScope.compile(entry, context);
        Deque<EntryId> loading = LOADING.get();
        loading.addLast(entry.id());
        LuaScope scope;
        try {
            scope = LuaScope.read(entry, context, this);
        } finally {
            loading.removeLast();
        }
        LuaLibrary library = new LuaLibrary(entry.id().toString(), source.code(), source.chunkName(), scope);
        probe(entry, library, source.chunkName());
        context.putResource(entry.id(), library);
    }

    /**
     * Runs the library's main chunk once at boot, as a {@code function.lua}'s is, within the default
     * {@code max_load_ms} and memory budget: one that raises, loops or allocates without end stops the
     * boot naming its file and line, even when nothing imports it yet.
     */
    private static void probe(RegistryEntry entry, LuaLibrary library, String chunkName) {
        org.luaj.vm2.Prototype loader;
        try {
            loader = org.luaj.vm2.compiler.LuaC.instance.compile(
                    new java.io.ByteArrayInputStream("return { value = function() end, probe = require(\"__library\") }"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "=probe");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        LuaScope scope = new LuaScope(library.id(), java.util.Map.of(), java.util.Map.of("__library", library));
        new LuaFunctionHandler.LuaScript(LuaCompiled.of(loader), scope, "value", LuaLimits.read(entry))
                .probe(entry, chunkName);
    }

    /**
     * The library {@code reference} names from {@code from}'s {@code field}, loaded first if needed;
     * a reference to nothing, to another kind, or back to a library being loaded stops the boot.
     */
    LuaLibrary library(RegistryEntry from, String field, String reference, LoadContext context) {
        RegistryEntry target = context.registry().require(from, field, reference);
        if (!target.kind().equals(KIND)) {
            throw from.error(
                    field,
                    "refers to '" + target.id() + "' of kind " + target.kind() + "; imports name library.lua entries");
        }
        Deque<EntryId> loading = LOADING.get();
        if (loading.contains(target.id())) {
            String path = loading.stream()
                    .dropWhile(id -> !id.equals(target.id()))
                    .map(EntryId::toString)
                    .collect(Collectors.joining(" -> "));
            throw from.error(field, "libraries import each other in a cycle: " + path + " -> " + target.id());
        }
        return context.resource(from, field, reference, LuaLibrary.class);
    }
}
