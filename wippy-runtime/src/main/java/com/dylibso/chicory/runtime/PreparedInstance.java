package com.dylibso.chicory.runtime;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TagType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Wippy's, not Chicory's: what Chicory 1.7.5's {@code Instance.Builder.build()} derives from a module
 * alone (the export map, the function type indices, the sections' arrays, the memories' limits),
 * derived once, so that each further instance of the module is only {@code new Instance(...)} with
 * its own imports and memories. It lives in Chicory's package because that constructor is
 * package-private; it works where Chicory's runtime and this class share a class loader (the class
 * path, a Spring Boot jar), and {@link #instantiate} answers null elsewhere (the caller then uses the
 * builder).
 *
 * <p>Made only after the builder instantiated the module once (so the module-level checks of {@code
 * build()} passed). Each instantiation still checks its imports, by position: the values of each
 * kind must be the module's imports of that kind in order, with the same names, the function types
 * equal, memories and tables within the imports' limits, globals of the same type and mutability.
 * Anything else (another order, a subtype, a tag import) answers null, and the builder matches,
 * checks and reports as always. Nothing derived here is written by an instance: the arrays the
 * instance changes (globals, elements, functions, types) are copied by Instance's constructor, the
 * data segments ({@code data.drop} clears one) are copied here, and memories, tables and globals
 * are created per instance.
 */
public final class PreparedInstance {

    private static volatile boolean unreachable;

    private final WasmModule module;
    private final Function<Instance, Machine> machines;
    private final Map<String, Export> exports;
    private final Global[] globals;
    private final DataSegment[] data;
    private final FunctionBody[] functions;
    private final FunctionType[] types;
    private final int[] functionTypes;
    private final Table[] tables;
    private final Element[] elements;
    private final TagType[] tags;
    private final MemoryLimits[] memories;
    private final Import[] functionImports;
    private final FunctionType[] functionImportTypes;
    /** The memory, table and global imports, in the module's order. */
    private final Import[] otherImports;

    private final int memoryImports;
    private final int tableImports;
    private final int globalImports;
    private final boolean importsTags;

    private PreparedInstance(WasmModule module, Function<Instance, Machine> machines) {
        this.module = module;
        this.machines = machines != null ? machines : InterpreterMachine::new;
        Map<String, Export> exports = new HashMap<>();
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            Export e = exportSection.getExport(i);
            exports.put(e.name(), e);
        }
        this.exports = exports;
        this.globals = module.globalSection().globals();
        this.data = module.dataSection().dataSegments();
        this.functions = module.codeSection().functionBodies();
        this.types = module.typeSection().types();
        var importSection = module.importSection();
        List<Import> fns = new ArrayList<>();
        List<Import> others = new ArrayList<>();
        for (int i = 0; i < importSection.importCount(); i++) {
            Import imp = importSection.getImport(i);
            (imp.importType() == ExternalType.FUNCTION ? fns : others).add(imp);
        }
        this.importsTags = importSection.count(ExternalType.TAG) > 0;
        this.memoryImports = importSection.count(ExternalType.MEMORY);
        this.tableImports = importSection.count(ExternalType.TABLE);
        this.globalImports = importSection.count(ExternalType.GLOBAL);
        this.otherImports = others.toArray(new Import[0]);
        this.functionImports = fns.toArray(new Import[0]);
        this.functionImportTypes = new FunctionType[functionImports.length];
        int own = module.functionSection().functionCount();
        this.functionTypes = new int[functionImports.length + own];
        for (int i = 0; i < functionImports.length; i++) {
            int type = ((FunctionImport) functionImports[i]).typeIndex();
            functionTypes[i] = type;
            functionImportTypes[i] = module.typeSection().getType(type);
        }
        for (int i = 0; i < own; i++) {
            functionTypes[functionImports.length + i] = module.functionSection().getFunctionType(i);
        }
        this.tables = new Table[module.tableSection().tableCount()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = module.tableSection().getTable(i);
        }
        this.elements = module.elementSection().elements();
        this.tags = module.tagSection().map(TagSection::types).orElse(null);
        var memorySection = module.memorySection();
        this.memories = new MemoryLimits[memorySection.map(s -> s.memoryCount()).orElse(0)];
        for (int i = 0; i < memories.length; i++) {
            memories[i] = memorySection.get().getMemory(i).limits();
        }
    }

    /**
     * The plan of {@code module}, instantiated by {@code machines} (null: Chicory's interpreter).
     * Call it only once Chicory's builder has instantiated the module.
     */
    public static PreparedInstance of(WasmModule module, Function<Instance, Machine> machines) {
        return new PreparedInstance(module, machines);
    }

    /**
     * A new instance, initialised (globals, element and data segments, the start section; an
     * exported {@code _start} too when {@code start}), its memories made by {@code memories}; or
     * null when {@code imports} are not exactly the module's imports in order (see the class
     * comment), and nothing was made.
     */
    public Instance instantiate(ImportValues imports, Function<MemoryLimits, Memory> memories, boolean start) {
        ImportValues values = imports != null ? imports : ImportValues.empty();
        if (unreachable || !fits(values)) {
            return null;
        }
        Memory[] made = new Memory[this.memories.length];
        for (int i = 0; i < made.length; i++) {
            made[i] = memories != null ? memories.apply(this.memories[i]) : new ByteBufferMemory(this.memories[i]);
        }
        try {
            return new Instance(
                    module,
                    globals,
                    made,
                    data.clone(),
                    functions,
                    types,
                    functionTypes,
                    values,
                    tables,
                    elements,
                    tags,
                    exports,
                    machines,
                    null,
                    null,
                    true,
                    start,
                    null);
        } catch (IllegalAccessError otherLoader) {
            // Chicory's runtime came from another class loader than this class: the constructor is
            // out of reach, so every instance goes through the builder
            unreachable = true;
            return null;
        }
    }

    private boolean fits(ImportValues v) {
        if (importsTags
                || v.tagCount() != 0
                || v.functionCount() != functionImports.length
                || v.memoryCount() != memoryImports
                || v.tableCount() != tableImports
                || v.globalCount() != globalImports) {
            return false;
        }
        for (int i = 0; i < functionImports.length; i++) {
            ImportFunction f = v.function(i);
            FunctionType expected = functionImportTypes[i];
            if (!named(f, functionImports[i]) || (f.functionType() != expected && !expected.equals(f.functionType()))) {
                return false;
            }
        }
        int memory = 0;
        int table = 0;
        int global = 0;
        for (Import imp : otherImports) {
            boolean fits = switch (imp) {
                case MemoryImport m -> fits(v.memory(memory++), m);
                case TableImport t -> fits(v.table(table++), t);
                case GlobalImport g -> fits(v.global(global++), g);
                default -> false;
            };
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(ImportMemory m, MemoryImport imp) {
        MemoryLimits limits = imp.limits();
        int max = limits.maximumPages() == MemoryLimits.MAX_PAGES ? Memory.RUNTIME_MAX_PAGES : limits.maximumPages();
        return named(m, imp)
                && m.memory().pages() >= limits.initialPages()
                && m.memory().maximumPages() <= max
                && m.memory().shared() == limits.shared();
    }

    private static boolean fits(ImportTable t, TableImport imp) {
        var limits = t.table().limits();
        return named(t, imp)
                && imp.entryType().equals(t.table().elementType())
                && limits.min() >= imp.limits().min()
                && limits.max() <= imp.limits().max()
                && limits.shared() == imp.limits().shared();
    }

    private static boolean fits(ImportGlobal g, GlobalImport imp) {
        return named(g, imp)
                && imp.type().equals(g.instance().getType())
                && imp.mutabilityType() == g.instance().getMutabilityType();
    }

    private static boolean named(ImportValue value, Import imp) {
        return imp.module().equals(value.module()) && imp.name().equals(value.name());
    }
}
