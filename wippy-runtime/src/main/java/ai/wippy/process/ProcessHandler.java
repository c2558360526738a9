package ai.wippy.process;

import ai.wippy.component.ComponentFunctionLoader;
import ai.wippy.component.ComponentInstance;
import ai.wippy.component.ComponentInstantiationException;
import ai.wippy.component.InstancePre;
import ai.wippy.engine.BinaryKind;
import ai.wippy.engine.CompiledModule;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import ai.wippy.wasi.WasiPreview1;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasm.CoreImportProvider;
import ai.wippy.wasm.EntryOptions;
import ai.wippy.wasm.ExecutionLimits;
import ai.wippy.wasm.ImportGroups;
import ai.wippy.wasm.MemoryCeiling;
import ai.wippy.wasm.WasmBinaries;
import ai.wippy.wasm.WasmFunctionHandler;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@code process.wasm} entries (fields as {@code function.wasm}: {@code fs}, {@code path},
 * {@code hash}, {@code method} (default {@code _start}), {@code imports}, {@code wasi}, {@code
 * limits}, where {@code max_execution_ms} is each process's lifetime; {@code source} for inline WAT; a
 * {@code pool} is refused) and publishes a {@link WasmProgram}.
 */
public final class ProcessHandler extends AbstractEntryHandler {

    /** The fields of a {@code process.wasm}: those of a function entry ({@code pool} is ignored). */
    public ProcessHandler() {
        super(
                FUNCTIONS,
                new ai.wippy.registry.KindSpec(
                        "process.wasm",
                        "a WebAssembly program run as a process (its _start, or the component's wasi:cli/run)",
                        WasmFunctionHandler.SPEC));
    }

    @Override
    public Runnable prepare(RegistryEntry entry, LoadContext context) {
        return ai.wippy.wasm.WasmBinaries.prepare(entry, context, entry.has("source"));
    }

    @Override
    public void load(RegistryEntry written, LoadContext context) {
        WasmFunctionHandler.SPEC.checkEntry(written);
        if (written.fields().containsKey("pool")) {
            throw written.error(
                    "pool",
                    "a process.wasm has no pool: each process is one instance for its whole life, run by the"
                            + " process host; size the host's workers (process.host) or set options.worker_class");
        }
        if ("wasi-http".equals(written.fields().get("transport"))) {
            throw written.error(
                    "transport",
                    "a process.wasm runs its method as a process; transport wasi-http serves HTTP requests, which a"
                            + " function.wasm does (or an http.endpoint that messages an actor)");
        }
        if (written.fields().containsKey("wit")) {
            throw written.error(
                    "wit",
                    "a process.wasm takes no WIT signature here: a core module's method gets its integer arguments"
                            + " as they are, a component's export has its own types");
        }
        RegistryEntry entry = actorDefaults(EntryOptions.normalize(written));
        boolean inline = entry.has("source");
        byte[] binary = inline ? WasmBinaries.fromWat(entry, context) : WasmBinaries.fromFileSystem(entry, context);
        String binaryField = inline ? "source" : "path";
        boolean component = BinaryKind.detect(binary) == BinaryKind.COMPONENT;
        if (!component) {
            entry = ImportGroups.forCoreModule(entry);
        }
        WasiSettings wasi = WasiSettings.read(entry, context);
        ai.wippy.wasi.p2.IoBudget.Refusals refusals = new ai.wippy.wasi.p2.IoBudget.Refusals();
        ProgramBody body = component
                ? componentBody(entry, binary, binaryField, wasi, context, refusals)
                : coreBody(entry, binary, binaryField, wasi, context);
        String workerClass = EntryOptions.workerClass(written);
        if (workerClass != null) {
            context.dispatcher()
                    .declareWorkerClass(
                            workerClass, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        }
        EntryOptions.Mailbox m = EntryOptions.mailbox(written);
        ai.wippy.actor.MailboxLimits mailbox =
                new ai.wippy.actor.MailboxLimits(m.capacity(), m.bytes(), m.messageBytes());
        boolean actor = ImportGroups.read(entry).contains(ImportGroups.ACTOR);
        context.putResource(
                entry.id(),
                new WasmProgram(
                        entry.id().toString(),
                        body,
                        command(entry, context),
                        workerClass,
                        mailbox,
                        actor,
                        ExecutionLimits.read(entry).maxExecution(),
                        ExecutionLimits.read(entry).io(),
                        refusals));
    }

    private static ProgramBody coreBody(
            RegistryEntry entry, byte[] binary, String binaryField, WasiSettings wasi, LoadContext context) {
        CompiledModule module;
        try {
            module = context.compiler().compile(binary);
        } catch (ModuleCompiler.ModuleException e) {
            throw entry.error(binaryField, e.getMessage(), e);
        }
        String method = entry.string("method") == null ? "_start" : entry.string("method");
        if (module.exportedFunctionType(method).isEmpty()) {
            throw entry.error(
                    "method", "'" + method + "' is not exported; the module exports " + module.exportedFunctions());
        }
        MemoryCeiling ceiling = MemoryCeiling.of(ExecutionLimits.read(entry), context.settings());
        ceiling.check(entry, module.module(), "the module");
        List<CoreImportProvider.InstanceImports> others = otherImports(entry, module, context);
        return new CoreProgramBody(
                entry.id().toString(), module, method, wasi, others, ceiling.pages(), context.memoryBudget());
    }

    /** An actor's guest memory ceiling when the entry sets none: 64 MiB, as Wippy's actors have. */
    static final int ACTOR_MEMORY_PAGES = 1024;

    /**
     * An actor (a process granted {@code wippy:actor}) without a memory limit gets {@link
     * #ACTOR_MEMORY_PAGES}: many actors live at once, so each is held to a smaller ceiling than a
     * function's instance; {@code limits.memory_bytes} (or {@code max_memory_pages}) sets another.
     */
    static RegistryEntry actorDefaults(RegistryEntry entry) {
        if (!ImportGroups.read(entry).contains(ImportGroups.ACTOR)) {
            return entry;
        }
        java.util.Map<String, Object> limits = new java.util.LinkedHashMap<>(entry.map("limits"));
        if (limits.containsKey("max_memory_pages") || limits.containsKey("memory_bytes")) {
            return entry;
        }
        limits.put("max_memory_pages", ACTOR_MEMORY_PAGES);
        java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>(entry.fields());
        fields.put("limits", limits);
        return new RegistryEntry(entry.id(), entry.kind(), entry.meta(), fields, entry.document());
    }

    /** A component process: linked like a component function, run as {@code wasi:cli/run} by default. */
    private static ProgramBody componentBody(
            RegistryEntry entry,
            byte[] binary,
            String binaryField,
            WasiSettings wasi,
            LoadContext context,
            ai.wippy.wasi.p2.IoBudget.Refusals refusals) {
        InstancePre pre = ComponentFunctionLoader.link(entry, binary, binaryField, context);
        String method = entry.string("method") == null ? ComponentProgramBody.RUN : entry.string("method");
        try (ComponentInstance probe = pre.instantiate((ai.wippy.wasi.p2.WasiState) null)) {
            if (probe.function(method).isEmpty()) {
                throw entry.error(
                        "method", "'" + method + "' is not exported; the component exports " + probe.functionNames());
            }
        } catch (ComponentInstantiationException e) {
            throw entry.error(binaryField, e.getMessage(), e);
        }
        return new ComponentProgramBody(
                entry.id().toString(),
                pre,
                method,
                wasi,
                ExecutionLimits.read(entry).io(),
                refusals);
    }

    /** Imports other than WASI (e.g. {@code wippy:runtime/funcs}) come from the import providers. */
    private static List<CoreImportProvider.InstanceImports> otherImports(
            RegistryEntry entry, CompiledModule module, LoadContext context) {
        var section = module.module().importSection();
        Set<String> modules = new LinkedHashSet<>();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            if (imp.importType() != ExternalType.FUNCTION) {
                throw entry.error(
                        "imports",
                        "the module imports " + imp.importType().name().toLowerCase() + " " + imp.module() + "."
                                + imp.name() + ", which no host provides (only functions can be imported)");
            }
            if (!imp.module().equals(WasiPreview1.MODULE)) {
                modules.add(imp.module());
            }
        }
        List<CoreImportProvider.InstanceImports> out = new ArrayList<>();
        for (String name : modules) {
            CoreImportProvider provider = context.services(CoreImportProvider.class).stream()
                    .filter(p -> p.serves(name))
                    .findFirst()
                    .orElseThrow(() -> entry.error(
                            "imports",
                            "the module imports from '" + name + "', which no host provides; granted imports: "
                                    + ImportGroups.read(entry)));
            out.add(provider.prepare(entry, module, name, context));
        }
        return out;
    }

    private static WasmProgram.Command command(RegistryEntry entry, LoadContext context) {
        Object c = entry.meta().get("command");
        if (c == null) {
            return null;
        }
        if (!(c instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || name.isBlank()) {
            throw entry.error("meta.command", "expected {name, short, main}, got " + RegistryEntry.describe(c));
        }
        Object description = m.get("short");
        if (description != null && !(description instanceof String)) {
            throw entry.error("meta.command.short", "expected a string, got " + RegistryEntry.describe(description));
        }
        Object main = m.get("main");
        if (main != null && !(main instanceof Boolean)) {
            throw entry.error("meta.command.main", "expected true or false, got " + RegistryEntry.describe(main));
        }
        if (Boolean.TRUE.equals(main)) {
            for (RegistryEntry other : context.registry().entries()) {
                if (other == entry
                        || other.id().equals(entry.id())
                        || !other.kind().startsWith("process.")) {
                    continue;
                }
                if (other.meta().get("command") instanceof Map<?, ?> om && Boolean.TRUE.equals(om.get("main"))) {
                    throw entry.error(
                            "meta.command.main",
                            "only one command may be main; " + other.id() + " (" + other.file() + ") is main too");
                }
            }
        }
        return new WasmProgram.Command(
                name, description == null ? "" : (String) description, Boolean.TRUE.equals(main));
    }
}
