package ai.wippy.component.binary;

import ai.wippy.component.binary.Definition.*;
import ai.wippy.component.binary.Types.*;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes and structurally validates a component binary (Component Model binary format, version
 * 0x0d layer 1). Every index is checked against the index space it refers to as the spaces grow
 * definition by definition; nested components and component/instance types open their own scopes,
 * reachable through outer aliases. Errors are {@link ComponentDecodeException}s with the byte
 * offset and what was expected. Core modules are kept as bytes: the engine decodes and validates
 * them when the component is compiled.
 *
 * <p>One file on purpose (over 500 lines): it is one grammar, the binary format's sections,
 * and every section reads and grows the same index spaces and scopes, so
 * splitting it would only pass that state between files.
 */
public final class ComponentDecoder {

    private static final byte[] PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    /** Nesting deeper than this is refused rather than risking the stack. */
    private static final int MAX_DEPTH = 64;

    private ComponentDecoder() {}

    public static ComponentAst decode(byte[] binary) {
        try {
            return new ComponentDecoder().component(new ByteReader(binary, 0, binary.length), null, 0);
        } catch (StackOverflowError e) {
            throw new ComponentDecodeException(0, "component nested too deeply");
        }
    }

    /** Index-space sizes of one scope, and what each type index holds. */
    private static final class Scope {
        final Scope parent;
        final Map<Sort, Integer> counts = new EnumMap<>(Sort.class);
        final List<TypeKind> types = new ArrayList<>();
        final List<Boolean> coreTypeIsModule = new ArrayList<>();
        final java.util.Set<String> importNames = new java.util.HashSet<>();
        final java.util.Set<String> exportNames = new java.util.HashSet<>();

        /** Import and export names must be unique in their scope (attributes aside). */
        void claim(ByteReader r, int at, String name, boolean isImport) {
            if (!(isImport ? importNames : exportNames).add(name)) {
                throw r.errorAt(at, "duplicate " + (isImport ? "import" : "export") + " name '" + name + "'");
            }
        }

        Scope(Scope parent) {
            this.parent = parent;
        }

        int count(Sort s) {
            if (s == Sort.TYPE) {
                return types.size();
            }
            if (s == Sort.CORE_TYPE) {
                return coreTypeIsModule.size();
            }
            return counts.getOrDefault(s, 0);
        }

        void add(Sort s) {
            if (s == Sort.TYPE) {
                types.add(TypeKind.ANY);
            } else if (s == Sort.CORE_TYPE) {
                coreTypeIsModule.add(false);
            } else {
                counts.merge(s, 1, Integer::sum);
            }
        }
    }

    /** What a type index refers to, as far as validation needs to know. */
    private enum TypeKind {
        VALUE,
        FUNC,
        COMPONENT,
        INSTANCE,
        RESOURCE,
        /** From an import, alias or export: not tracked further. */
        ANY
    }

    private ComponentAst component(ByteReader r, Scope parent, int depth) {
        if (depth > MAX_DEPTH) {
            throw r.error("components nested more than " + MAX_DEPTH + " deep");
        }
        int start = r.position();
        for (int i = 0; i < PREAMBLE.length; i++) {
            int b = r.u8("the component preamble \\0asm 0d 00 01 00");
            if (b != (PREAMBLE[i] & 0xff)) {
                if (i == 4 && b == 1 && depth == 0) {
                    throw r.errorAt(r.position() - 1, "this is a core module (version 1), not a component");
                }
                throw r.errorAt(
                        r.position() - 1,
                        "expected the component preamble \\0asm 0d 00 01 00, found byte 0x" + Integer.toHexString(b));
            }
        }
        Scope scope = new Scope(parent);
        List<Definition> defs = new ArrayList<>();
        while (!r.atEnd()) {
            int idAt = r.position();
            int id = r.u8("a section id");
            int size = r.count("a section size");
            int sectionStart = r.position();
            ByteReader s = r.sub(size, "section " + id);
            switch (id) {
                case 0 -> {
                    defs.add(new Custom(sectionStart, s.name("custom section name"), size));
                    s.skip(s.end() - s.position(), "custom section data");
                }
                case 1 -> {
                    byte[] module = Arrays.copyOfRange(s.bytes(), sectionStart, sectionStart + size);
                    if (module.length < 8
                            || module[0] != 0
                            || module[1] != 'a'
                            || module[2] != 's'
                            || module[3] != 'm'
                            || module[4] != 1) {
                        throw r.errorAt(
                                sectionStart, "expected a core module (\\0asm version 1) in the core module section");
                    }
                    defs.add(new CoreModule(sectionStart, module));
                    scope.add(Sort.CORE_MODULE);
                    s.skip(size, "core module");
                }
                case 2 -> vec(s, "core instances", () -> defs.add(coreInstance(s, scope)));
                case 3 ->
                    definitions(s, "core types", defs, at -> {
                        CoreType t = coreType(s, scope, true);
                        scope.coreTypeIsModule.add(t instanceof CoreModuleType);
                        return new CoreTypeDef(at, t);
                    });
                case 4 -> {
                    ComponentAst nested = component(s, scope, depth + 1);
                    defs.add(new NestedComponent(sectionStart, nested));
                    scope.add(Sort.COMPONENT);
                }
                case 5 -> vec(s, "instances", () -> defs.add(instance(s, scope)));
                case 6 -> definitions(s, "aliases", defs, at -> new AliasDef(at, alias(s, scope, false)));
                case 7 ->
                    definitions(s, "types", defs, at -> {
                        DefType t = defType(s, scope, true, depth);
                        scope.types.add(kindOf(t));
                        return new TypeDef(at, t);
                    });
                case 8 -> vec(s, "canonical definitions", () -> defs.add(canon(s, scope)));
                case 9 -> {
                    int at = s.position();
                    int f = index(s, scope, Sort.FUNC, "start function");
                    int n = s.vecLength("start arguments");
                    List<Integer> args = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        args.add(index(s, scope, Sort.VALUE, "start argument"));
                    }
                    int results = s.count("start result count");
                    defs.add(new Start(at, f, args, results));
                    for (int i = 0; i < results; i++) {
                        scope.add(Sort.VALUE);
                    }
                }
                case 10 ->
                    vec(s, "imports", () -> {
                        int at = s.position();
                        String name = externName(s);
                        scope.claim(s, at, name, true);
                        ExternType t = externType(s, scope);
                        defs.add(new Import(at, name, t));
                        addExtern(scope, t);
                    });
                case 11 ->
                    vec(s, "exports", () -> {
                        int at = s.position();
                        String name = externName(s);
                        scope.claim(s, at, name, false);
                        Sort sort = sort(s);
                        int idx = index(s, scope, sort, "exported " + sort);
                        ExternType ascribed = null;
                        int has = s.u8("0x00 or 0x01 (optional export type)");
                        if (has == 1) {
                            int typeAt = s.position();
                            ascribed = externType(s, scope);
                            if (ascribed.sort() != sort) {
                                throw s.errorAt(
                                        typeAt,
                                        "the export type of '" + name + "' is a " + ascribed.sort()
                                                + " type, but the export is a " + sort);
                            }
                        } else if (has != 0) {
                            throw s.errorAt(s.position() - 1, "expected 0x00 or 0x01 for the optional export type");
                        }
                        if (sort.isCore() && sort != Sort.CORE_MODULE) {
                            throw s.errorAt(
                                    at, "a component can only export core modules among core sorts, not " + sort);
                        }
                        defs.add(new Export(at, name, sort, idx, ascribed));
                        scope.add(sort);
                    });
                case 12 -> throw r.errorAt(sectionStart, "value sections (🪙) are not supported");
                default -> throw r.errorAt(idAt, "unknown section id " + id + ", expected 0..11");
            }
            if (!s.atEnd()) {
                throw s.error("section " + id + " has " + (s.end() - s.position()) + " bytes left over");
            }
        }
        return new ComponentAst(start, defs);
    }

    /** An import or export takes the next index of its sort; a type, the kind it declares. */
    private static void addExtern(Scope scope, ExternType t) {
        if (t instanceof TypeExtern te) {
            scope.types.add(te.isFreshResource() ? TypeKind.RESOURCE : TypeKind.ANY);
        } else {
            scope.add(t.sort());
        }
    }

    private static TypeKind kindOf(DefType t) {
        return switch (t) {
            case FuncType f -> TypeKind.FUNC;
            case ComponentType c -> TypeKind.COMPONENT;
            case InstanceType i -> TypeKind.INSTANCE;
            case ResourceType r -> TypeKind.RESOURCE;
            default -> TypeKind.VALUE;
        };
    }

    private interface Step {
        void run();
    }

    private static void vec(ByteReader r, String what, Step step) {
        int n = r.vecLength(what);
        for (int i = 0; i < n; i++) {
            step.run();
        }
    }

    /** A section's vector of definitions, each read by {@code item} from the offset where it starts. */
    private static void definitions(
            ByteReader r, String what, List<Definition> defs, java.util.function.IntFunction<Definition> item) {
        vec(r, what, () -> defs.add(item.apply(r.position())));
    }

    /** A vector of what {@code item} reads, {@code what} naming it in errors. */
    private static <T> List<T> list(ByteReader r, String what, java.util.function.Supplier<T> item) {
        int n = r.vecLength(what);
        List<T> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            out.add(item.get());
        }
        return out;
    }

    /** The length of a vector of {@code what} that must not be empty ({@code empty} says why, at {@code at}). */
    private static int nonEmpty(ByteReader r, int at, String what, String empty) {
        int n = r.vecLength(what);
        if (n == 0) {
            throw r.errorAt(at, empty);
        }
        return n;
    }

    /**
     * {@code n} labeled items of a record, variant or function type: each label ({@code what}) unique,
     * followed by what {@code type} reads.
     */
    private static List<LabeledType> labeled(
            ByteReader r, int n, String what, java.util.function.Supplier<ValTypeRef> type) {
        List<LabeledType> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int lat = r.position();
            String l = label(r, what);
            if (out.stream().anyMatch(f -> f.label().equals(l))) {
                throw r.errorAt(lat, "duplicate " + what + " '" + l + "'");
            }
            out.add(new LabeledType(l, type.get()));
        }
        return out;
    }

    private static int index(ByteReader r, Scope scope, Sort sort, String what) {
        int at = r.position();
        int idx = r.count(what + " index");
        int size = scope.count(sort);
        if (idx >= size) {
            throw r.errorAt(
                    at,
                    what + " index " + idx + " is out of bounds: the " + sort + " index space has " + size
                            + " entries");
        }
        return idx;
    }

    private static int typeIndex(ByteReader r, Scope scope, TypeKind expected, String what) {
        int at = r.position();
        int idx = index(r, scope, Sort.TYPE, what);
        TypeKind k = scope.types.get(idx);
        if (k != TypeKind.ANY && k != expected) {
            throw r.errorAt(
                    at,
                    what + ": type " + idx + " is a " + k.name().toLowerCase() + " type, expected a "
                            + expected.name().toLowerCase() + " type");
        }
        return idx;
    }

    private static Definition coreInstance(ByteReader r, Scope scope) {
        InstanceForm instantiate = at -> {
            int module = index(r, scope, Sort.CORE_MODULE, "instantiated core module");
            List<CoreArg> args = new ArrayList<>();
            int n = r.vecLength("instantiate arguments");
            for (int i = 0; i < n; i++) {
                String name = r.name("argument name");
                int kind = r.u8("0x12 (instance)");
                if (kind != 0x12) {
                    throw r.errorAt(
                            r.position() - 1,
                            "core instantiate arguments must be instances (0x12), found 0x"
                                    + Integer.toHexString(kind));
                }
                args.add(new CoreArg(name, index(r, scope, Sort.CORE_INSTANCE, "argument '" + name + "'")));
            }
            return new CoreInstantiate(at, module, args);
        };
        InstanceForm inline = at -> new CoreInlineInstance(at, list(r, "inline exports", () -> {
            String name = r.name("export name");
            Sort sort = coreSort(r);
            return new CoreInlineExport(name, sort, index(r, scope, sort, "exported " + sort));
        }));
        return instanceDefinition(r, scope, Sort.CORE_INSTANCE, "a core instance", instantiate, inline);
    }

    private static Definition instance(ByteReader r, Scope scope) {
        InstanceForm instantiate = at -> {
            int component = index(r, scope, Sort.COMPONENT, "instantiated component");
            return new Instantiate(at, component, list(r, "instantiate arguments", () -> {
                String name = r.name("argument name");
                Sort sort = sort(r);
                return new Arg(name, sort, index(r, scope, sort, "argument '" + name + "'"));
            }));
        };
        InstanceForm inline = at -> new InlineInstance(at, list(r, "inline exports", () -> {
            String name = externName(r);
            Sort sort = sort(r);
            return new Arg(name, sort, index(r, scope, sort, "exported " + sort));
        }));
        return instanceDefinition(r, scope, Sort.INSTANCE, "an instance", instantiate, inline);
    }

    /** Reads one form of an instance definition, from the offset {@code at} of its tag. */
    private interface InstanceForm {
        Definition read(int at);
    }

    /**
     * An instance definition, core or component: tag 0x00 instantiates, 0x01 lists inline exports;
     * the new instance takes the next index of {@code sort}.
     */
    private static Definition instanceDefinition(
            ByteReader r, Scope scope, Sort sort, String what, InstanceForm instantiate, InstanceForm inline) {
        int at = r.position();
        int tag = r.u8("0x00 (instantiate) or 0x01 (inline exports)");
        Definition d = switch (tag) {
            case 0 -> instantiate.read(at);
            case 1 -> inline.read(at);
            default ->
                throw r.errorAt(
                        at,
                        "expected 0x00 (instantiate) or 0x01 (inline exports) for " + what + ", found 0x"
                                + Integer.toHexString(tag));
        };
        scope.add(sort);
        return d;
    }

    private static Sort coreSort(ByteReader r) {
        int at = r.position();
        int b = r.u8("a core sort");
        return switch (b) {
            case 0x00 -> Sort.CORE_FUNC;
            case 0x01 -> Sort.CORE_TABLE;
            case 0x02 -> Sort.CORE_MEMORY;
            case 0x03 -> Sort.CORE_GLOBAL;
            case 0x04 -> Sort.CORE_TAG;
            case 0x10 -> Sort.CORE_TYPE;
            case 0x11 -> Sort.CORE_MODULE;
            case 0x12 -> Sort.CORE_INSTANCE;
            default ->
                throw r.errorAt(at, "expected a core sort (0x00-0x04, 0x10-0x12), found 0x" + Integer.toHexString(b));
        };
    }

    private static Sort sort(ByteReader r) {
        int at = r.position();
        int b = r.u8("a sort");
        return switch (b) {
            case 0x00 -> coreSort(r);
            case 0x01 -> Sort.FUNC;
            case 0x02 -> Sort.VALUE;
            case 0x03 -> Sort.TYPE;
            case 0x04 -> Sort.COMPONENT;
            case 0x05 -> Sort.INSTANCE;
            default -> throw r.errorAt(at, "expected a sort (0x00-0x05), found 0x" + Integer.toHexString(b));
        };
    }

    /** An import/export name with its attributes; only the plain name is kept. */
    private static String externName(ByteReader r) {
        int at = r.position();
        int b = r.u8("a name prefix 0x00, 0x01 or 0x02");
        String name = r.name("extern name");
        if (b == 0x02) {
            int n = r.vecLength("name attributes");
            for (int i = 0; i < n; i++) {
                int kind = r.u8("a name attribute kind");
                switch (kind) {
                    case 0x00, 0x01, 0x02 -> r.name("name attribute");
                    default ->
                        throw r.errorAt(r.position() - 1, "unknown name attribute 0x" + Integer.toHexString(kind));
                }
            }
        } else if (b > 2) {
            throw r.errorAt(at, "expected a name prefix 0x00, 0x01 or 0x02, found 0x" + Integer.toHexString(b));
        }
        if (name.isEmpty()) {
            throw r.errorAt(at, "import and export names cannot be empty");
        }
        return name;
    }

    private static Alias alias(ByteReader r, Scope scope, boolean declarator) {
        int at = r.position();
        Sort sort = sort(r);
        int tag = r.u8("alias kind 0x00 (export), 0x01 (core export) or 0x02 (outer)");
        switch (tag) {
            case 0x00, 0x01 -> {
                // 0x00 exports from a component instance (not a core sort), 0x01 from a core instance
                boolean core = tag == 0x01;
                if (sort.isCore() != core) {
                    throw r.errorAt(
                            at,
                            core
                                    ? "a core export alias needs a core sort, not " + sort
                                    : "an export alias of a component instance cannot have the core sort " + sort);
                }
                int instance = core
                        ? index(r, scope, Sort.CORE_INSTANCE, "aliased core instance")
                        : index(r, scope, Sort.INSTANCE, "aliased instance");
                String name = r.name("export name");
                scope.add(sort);
                return core ? new CoreExportAlias(sort, instance, name) : new ExportAlias(sort, instance, name);
            }
            case 0x02 -> {
                if (sort != Sort.CORE_MODULE && sort != Sort.CORE_TYPE && sort != Sort.TYPE && sort != Sort.COMPONENT) {
                    throw r.errorAt(
                            at,
                            "outer aliases can only alias types, core types, core modules and components, not " + sort);
                }
                int countAt = r.position();
                int count = r.count("outer alias count");
                Scope target = scope;
                for (int i = 0; i < count; i++) {
                    target = target == null ? null : target.parent;
                }
                if (target == null) {
                    throw r.errorAt(countAt, "outer alias count " + count + " goes past the outermost scope");
                }
                int idx = index(r, target, sort, "outer-aliased " + sort);
                if (sort == Sort.TYPE) {
                    scope.types.add(target.types.get(idx));
                } else if (sort == Sort.CORE_TYPE) {
                    scope.coreTypeIsModule.add(target.coreTypeIsModule.get(idx));
                } else {
                    scope.add(sort);
                }
                return new OuterAlias(sort, count, idx);
            }
            default ->
                throw r.errorAt(
                        r.position() - 1,
                        "expected alias kind 0x00, 0x01 or 0x02, found 0x" + Integer.toHexString(tag));
        }
    }

    private static int coreValType(ByteReader r) {
        int at = r.position();
        int b = r.u8("a core value type");
        if (b == 0x7f || b == 0x7e || b == 0x7d || b == 0x7c || b == 0x7b || b == 0x70 || b == 0x6f) {
            return b;
        }
        throw r.errorAt(
                at,
                "expected a core value type (i32 i64 f32 f64 v128 funcref externref), found 0x"
                        + Integer.toHexString(b));
    }

    private static CoreType coreType(ByteReader r, Scope scope, boolean allowModule) {
        int at = r.position();
        int b = r.u8("a core type (0x60 func or 0x50 module)");
        if (b == 0x60) {
            return coreFuncType(r);
        }
        if (b == 0x50 && allowModule) {
            Scope inner = new Scope(scope);
            List<CoreModuleDecl> decls = new ArrayList<>();
            int n = r.vecLength("module type declarations");
            for (int i = 0; i < n; i++) {
                int d = r.u8("a module declaration kind 0x00-0x03");
                switch (d) {
                    case 0x00 -> decls.add(coreImport(r, inner));
                    case 0x01 -> {
                        CoreType t = coreType(r, inner, false);
                        decls.add(new CoreTypeInModule(t));
                        inner.coreTypeIsModule.add(false);
                    }
                    case 0x02 -> {
                        int s = r.u8("0x10 (type)");
                        int k = r.u8("0x01 (outer)");
                        if (s != 0x10 || k != 0x01) {
                            throw r.errorAt(
                                    r.position() - 2, "module type aliases must be outer type aliases (0x10 0x01)");
                        }
                        int count = r.count("outer alias count");
                        Scope target = inner;
                        for (int j = 0; j < count && target != null; j++) {
                            target = target.parent;
                        }
                        if (target == null) {
                            throw r.error("outer alias count " + count + " goes past the outermost scope");
                        }
                        int idx = index(r, target, Sort.CORE_TYPE, "outer-aliased core type");
                        if (target.coreTypeIsModule.get(idx)) {
                            throw r.error("a module type cannot alias a module type");
                        }
                        decls.add(new CoreOuterAlias(count, idx));
                        inner.coreTypeIsModule.add(false);
                    }
                    case 0x03 -> {
                        String name = r.name("export name");
                        int[] desc = coreImportDesc(r, inner);
                        decls.add(new CoreExportDecl(name, desc[0], desc[1]));
                    }
                    default ->
                        throw r.errorAt(
                                r.position() - 1,
                                "expected a module declaration kind 0x00-0x03, found 0x" + Integer.toHexString(d));
                }
            }
            return new CoreModuleType(decls);
        }
        throw r.errorAt(
                at,
                "expected a core function type (0x60)" + (allowModule ? " or module type (0x50)" : "") + ", found 0x"
                        + Integer.toHexString(b) + " (GC types are not supported)");
    }

    private static CoreFuncType coreFuncType(ByteReader r) {
        List<Integer> params = list(r, "core parameters", () -> coreValType(r));
        return new CoreFuncType(params, list(r, "core results", () -> coreValType(r)));
    }

    private static CoreImportDecl coreImport(ByteReader r, Scope inner) {
        String module = r.name("import module name");
        String name = r.name("import name");
        int[] desc = coreImportDesc(r, inner);
        return new CoreImportDecl(module, name, desc[0], desc[1]);
    }

    /** Returns {kind, type index or -1}; tables, memories and globals are read and their details dropped. */
    private static int[] coreImportDesc(ByteReader r, Scope inner) {
        int at = r.position();
        int kind = r.u8("a core extern kind");
        switch (kind) {
            case 0x00 -> {
                int idx = index(r, inner, Sort.CORE_TYPE, "core function type");
                return new int[] {0, idx};
            }
            case 0x01 -> {
                coreValType(r);
                limits(r, true);
                return new int[] {1, -1};
            }
            case 0x02 -> {
                limits(r, false);
                return new int[] {2, -1};
            }
            case 0x03 -> {
                coreValType(r);
                int mut = r.u8("global mutability");
                if (mut > 1) {
                    throw r.errorAt(r.position() - 1, "expected global mutability 0x00 or 0x01");
                }
                return new int[] {3, -1};
            }
            case 0x04 -> {
                r.u8("tag attribute");
                return new int[] {4, index(r, inner, Sort.CORE_TYPE, "tag type")};
            }
            default ->
                throw r.errorAt(at, "expected a core extern kind 0x00-0x04, found 0x" + Integer.toHexString(kind));
        }
    }

    private static void limits(ByteReader r, boolean table) {
        int at = r.position();
        int flags = r.u8("limits flags");
        if (flags > 0x07) {
            throw r.errorAt(at, "unknown limits flags 0x" + Integer.toHexString(flags));
        }
        boolean is64 = (flags & 0x04) != 0;
        if (is64) {
            r.s33("minimum");
        } else {
            r.u32("minimum");
        }
        if ((flags & 0x01) != 0) {
            if (is64) {
                r.s33("maximum");
            } else {
                r.u32("maximum");
            }
        }
    }

    private static ValTypeRef valType(ByteReader r, Scope scope) {
        int at = r.position();
        long v = r.s33("a value type");
        if (v >= 0) {
            if (v >= scope.types.size()) {
                throw r.errorAt(
                        at,
                        "type index " + v + " is out of bounds: the type index space has " + scope.types.size()
                                + " entries");
            }
            TypeKind k = scope.types.get((int) v);
            if (k != TypeKind.VALUE && k != TypeKind.ANY) {
                throw r.errorAt(at, "type " + v + " is a " + k.name().toLowerCase() + " type, expected a value type");
            }
            return new Idx((int) v);
        }
        WitType.Primitive p = primitive((int) (v & 0x7f));
        if (p == null) {
            throw r.errorAt(
                    at,
                    "expected a value type (a primitive 0x73-0x7f or a type index), found 0x"
                            + Long.toHexString(v & 0x7f));
        }
        return new Prim(p);
    }

    private static WitType.Primitive primitive(int code) {
        return switch (code) {
            case 0x7f -> WitType.Primitive.BOOL;
            case 0x7e -> WitType.Primitive.S8;
            case 0x7d -> WitType.Primitive.U8;
            case 0x7c -> WitType.Primitive.S16;
            case 0x7b -> WitType.Primitive.U16;
            case 0x7a -> WitType.Primitive.S32;
            case 0x79 -> WitType.Primitive.U32;
            case 0x78 -> WitType.Primitive.S64;
            case 0x77 -> WitType.Primitive.U64;
            case 0x76 -> WitType.Primitive.F32;
            case 0x75 -> WitType.Primitive.F64;
            case 0x74 -> WitType.Primitive.CHAR;
            case 0x73 -> WitType.Primitive.STRING;
            default -> null;
        };
    }

    private static ValTypeRef optionalValType(ByteReader r, Scope scope) {
        int b = r.u8("0x00 or 0x01 (optional value type)");
        if (b == 0) {
            return null;
        }
        if (b != 1) {
            throw r.errorAt(
                    r.position() - 1,
                    "expected 0x00 or 0x01 for an optional value type, found 0x" + Integer.toHexString(b));
        }
        return valType(r, scope);
    }

    private static String label(ByteReader r, String what) {
        int at = r.position();
        String l = r.name(what);
        if (!l.matches("[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*|[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)*|%?[a-zA-Z][a-zA-Z0-9-]*")) {
            throw r.errorAt(at, what + " '" + l + "' is not a kebab-case label");
        }
        return l;
    }

    private static List<String> uniqueLabels(ByteReader r, String what, int max) {
        int at = r.position();
        int n = r.vecLength(what);
        if (n == 0 || n > max) {
            throw r.errorAt(at, what + " must have 1.." + max + " labels, found " + n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int lat = r.position();
            String l = label(r, what + " label");
            if (out.contains(l)) {
                throw r.errorAt(lat, "duplicate " + what + " label '" + l + "'");
            }
            out.add(l);
        }
        return out;
    }

    private DefType defType(ByteReader r, Scope scope, boolean allowResource, int depth) {
        int at = r.position();
        int b = r.peek("a type definition");
        if (primitive(b) != null) {
            r.u8("primitive");
            return new PrimDef(primitive(b));
        }
        r.u8("type");
        switch (b) {
            case 0x72 -> {
                int n = nonEmpty(r, at, "record fields", "a record needs at least one field");
                return new RecordDef(labeled(r, n, "record field", () -> valType(r, scope)));
            }
            case 0x71 -> {
                int n = nonEmpty(r, at, "variant cases", "a variant needs at least one case");
                return new VariantDef(labeled(r, n, "variant case", () -> {
                    ValTypeRef t = optionalValType(r, scope);
                    int refines = r.u8("0x00 after a variant case");
                    if (refines != 0) {
                        throw r.errorAt(
                                r.position() - 1, "expected 0x00 after a variant case (refines is not supported)");
                    }
                    return t;
                }));
            }
            case 0x70 -> {
                return new ListDef(valType(r, scope));
            }
            case 0x6f -> {
                int n = nonEmpty(r, at, "tuple elements", "a tuple needs at least one element");
                List<ValTypeRef> el = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    el.add(valType(r, scope));
                }
                return new TupleDef(el);
            }
            case 0x6e -> {
                return new FlagsDef(uniqueLabels(r, "flags", 32));
            }
            case 0x6d -> {
                return new EnumDef(uniqueLabels(r, "enum", Integer.MAX_VALUE));
            }
            case 0x6b -> {
                return new OptionDef(valType(r, scope));
            }
            case 0x6a -> {
                ValTypeRef ok = optionalValType(r, scope);
                ValTypeRef err = optionalValType(r, scope);
                return new ResultDef(ok, err);
            }
            case 0x69 -> {
                return new OwnDef(typeIndex(r, scope, TypeKind.RESOURCE, "owned resource"));
            }
            case 0x68 -> {
                return new BorrowDef(typeIndex(r, scope, TypeKind.RESOURCE, "borrowed resource"));
            }
            case 0x40 -> {
                List<LabeledType> params =
                        labeled(r, r.vecLength("function parameters"), "parameter", () -> valType(r, scope));
                int rb = r.u8("a result list 0x00 (one result) or 0x01 0x00 (none)");
                ValTypeRef result = null;
                if (rb == 0x00) {
                    result = valType(r, scope);
                } else if (rb == 0x01) {
                    int z = r.u8("0x00 (no named results)");
                    if (z != 0) {
                        throw r.errorAt(r.position() - 1, "named function results are not supported; expected 0x00");
                    }
                } else {
                    throw r.errorAt(
                            r.position() - 1,
                            "expected a result list 0x00 or 0x01, found 0x" + Integer.toHexString(rb));
                }
                return new FuncType(params, result);
            }
            case 0x41, 0x42 -> {
                if (depth > MAX_DEPTH) {
                    throw r.errorAt(at, "types nested more than " + MAX_DEPTH + " deep");
                }
                Scope inner = new Scope(scope);
                List<Decl> decls = new ArrayList<>();
                int n = r.vecLength("type declarations");
                for (int i = 0; i < n; i++) {
                    int dat = r.position();
                    int d = r.u8("a declaration kind");
                    switch (d) {
                        case 0x00 -> {
                            CoreType t = coreType(r, inner, true);
                            decls.add(new CoreTypeDecl(t));
                            inner.coreTypeIsModule.add(t instanceof CoreModuleType);
                        }
                        case 0x01 -> {
                            DefType t = defType(r, inner, false, depth + 1);
                            decls.add(new TypeDecl(t));
                            inner.types.add(kindOf(t));
                        }
                        case 0x02 -> {
                            Alias a = alias(r, inner, true);
                            if (a instanceof ExportAlias ea && ea.sort() != Sort.TYPE && ea.sort() != Sort.INSTANCE) {
                                throw r.errorAt(dat, "export aliases in a type can only alias types and instances");
                            }
                            decls.add(new AliasDecl(a));
                        }
                        case 0x03 -> {
                            if (b != 0x41) {
                                throw r.errorAt(dat, "an instance type cannot declare imports");
                            }
                            String name = externName(r);
                            inner.claim(r, dat, name, true);
                            ExternType t = externType(r, inner);
                            decls.add(new ImportDecl(name, t));
                            addExtern(inner, t);
                        }
                        case 0x04 -> {
                            String name = externName(r);
                            inner.claim(r, dat, name, false);
                            ExternType t = externType(r, inner);
                            decls.add(new ExportDecl(name, t));
                            addExtern(inner, t);
                        }
                        default ->
                            throw r.errorAt(
                                    dat, "expected a declaration kind 0x00-0x04, found 0x" + Integer.toHexString(d));
                    }
                }
                return b == 0x41 ? new ComponentType(decls) : new InstanceType(decls);
            }
            case 0x3f -> {
                if (!allowResource) {
                    throw r.errorAt(at, "resource types can only be defined in a component, not inside a type");
                }
                int rep = r.u8("resource representation 0x7f (i32)");
                if (rep != 0x7f) {
                    throw r.errorAt(r.position() - 1, "resource representation must be i32 (0x7f)");
                }
                int has = r.u8("0x00 or 0x01 (optional destructor)");
                int dtor = -1;
                if (has == 1) {
                    dtor = index(r, scope, Sort.CORE_FUNC, "resource destructor");
                } else if (has != 0) {
                    throw r.errorAt(r.position() - 1, "expected 0x00 or 0x01 for the optional destructor");
                }
                return new ResourceType(dtor);
            }
            default ->
                throw r.errorAt(
                        at,
                        "expected a type definition, found 0x" + Integer.toHexString(b)
                                + (b == 0x66 || b == 0x65 ? " (stream/future types are not supported)" : ""));
        }
    }

    private static ExternType externType(ByteReader r, Scope scope) {
        int at = r.position();
        int b = r.u8("an extern type kind 0x00-0x05");
        switch (b) {
            case 0x00 -> {
                int m = r.u8("0x11 (core module)");
                if (m != 0x11) {
                    throw r.errorAt(r.position() - 1, "expected 0x11 (core module) after 0x00 in an extern type");
                }
                int idx = index(r, scope, Sort.CORE_TYPE, "core module type");
                if (!scope.coreTypeIsModule.get(idx)) {
                    throw r.errorAt(at, "core type " + idx + " is not a module type");
                }
                return new ModuleExtern(idx);
            }
            case 0x01 -> {
                return new FuncExtern(typeIndex(r, scope, TypeKind.FUNC, "function type"));
            }
            case 0x02 -> {
                int k = r.u8("value bound 0x00 or 0x01");
                if (k == 0x01) {
                    return new ValueExtern(valType(r, scope));
                }
                throw r.errorAt(r.position() - 1, "value imports by equality are not supported");
            }
            case 0x03 -> {
                int k = r.u8("type bound 0x00 (eq) or 0x01 (sub resource)");
                if (k == 0x00) {
                    return new TypeExtern(index(r, scope, Sort.TYPE, "bound type"));
                }
                if (k == 0x01) {
                    return new TypeExtern(-1);
                }
                throw r.errorAt(
                        r.position() - 1, "expected type bound 0x00 or 0x01, found 0x" + Integer.toHexString(k));
            }
            case 0x04 -> {
                return new ComponentExtern(typeIndex(r, scope, TypeKind.COMPONENT, "component type"));
            }
            case 0x05 -> {
                return new InstanceExtern(typeIndex(r, scope, TypeKind.INSTANCE, "instance type"));
            }
            default -> throw r.errorAt(at, "expected an extern type kind 0x00-0x05, found 0x" + Integer.toHexString(b));
        }
    }

    private static Definition canon(ByteReader r, Scope scope) {
        int at = r.position();
        int op = r.u8("a canonical definition opcode");
        Definition d;
        switch (op) {
            case 0x00 -> {
                expectZero(r, "0x00 (func sort) after canon lift");
                int f = index(r, scope, Sort.CORE_FUNC, "lifted core function");
                CanonOptions o = options(r, scope);
                int t = typeIndex(r, scope, TypeKind.FUNC, "lifted function type");
                d = new CanonLift(at, f, o, t);
                scope.add(Sort.FUNC);
                return d;
            }
            case 0x01 -> {
                expectZero(r, "0x00 (func sort) after canon lower");
                int f = index(r, scope, Sort.FUNC, "lowered function");
                d = new CanonLower(at, f, options(r, scope));
            }
            case 0x02 -> d = new CanonResourceNew(at, typeIndex(r, scope, TypeKind.RESOURCE, "resource.new type"));
            case 0x03 -> d = new CanonResourceDrop(at, typeIndex(r, scope, TypeKind.RESOURCE, "resource.drop type"));
            case 0x04 -> d = new CanonResourceRep(at, typeIndex(r, scope, TypeKind.RESOURCE, "resource.rep type"));
            default ->
                throw r.errorAt(
                        at,
                        "canonical definition 0x" + Integer.toHexString(op)
                                + " is not supported (expected lift 0x00, lower 0x01, resource.new/drop/rep 0x02-0x04; async built-ins are not)");
        }
        scope.add(Sort.CORE_FUNC);
        return d;
    }

    private static void expectZero(ByteReader r, String what) {
        int b = r.u8(what);
        if (b != 0) {
            throw r.errorAt(r.position() - 1, "expected " + what + ", found 0x" + Integer.toHexString(b));
        }
    }

    private static CanonOptions options(ByteReader r, Scope scope) {
        int encoding = -1;
        int memory = -1;
        int realloc = -1;
        int postReturn = -1;
        int n = r.vecLength("canonical options");
        for (int i = 0; i < n; i++) {
            int at = r.position();
            int o = r.u8("a canonical option");
            switch (o) {
                case 0x00, 0x01, 0x02 -> {
                    if (encoding >= 0) {
                        throw r.errorAt(at, "string-encoding given twice");
                    }
                    encoding = o;
                }
                case 0x03 -> {
                    if (memory >= 0) {
                        throw r.errorAt(at, "memory given twice");
                    }
                    memory = index(r, scope, Sort.CORE_MEMORY, "canonical memory");
                }
                case 0x04 -> {
                    if (realloc >= 0) {
                        throw r.errorAt(at, "realloc given twice");
                    }
                    realloc = index(r, scope, Sort.CORE_FUNC, "canonical realloc");
                }
                case 0x05 -> {
                    if (postReturn >= 0) {
                        throw r.errorAt(at, "post-return given twice");
                    }
                    postReturn = index(r, scope, Sort.CORE_FUNC, "canonical post-return");
                }
                default ->
                    throw r.errorAt(
                            at,
                            "canonical option 0x" + Integer.toHexString(o)
                                    + " is not supported (async and callback are not)");
            }
        }
        return new CanonOptions(encoding < 0 ? CanonOptions.UTF8 : encoding, memory, realloc, postReturn);
    }
}
