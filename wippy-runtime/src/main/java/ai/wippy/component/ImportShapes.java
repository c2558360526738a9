package ai.wippy.component;

import ai.wippy.component.binary.ComponentAst;
import ai.wippy.component.binary.Definition;
import ai.wippy.component.binary.Types;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, without instantiating anything, what each imported instance of a component declares: the
 * names of the functions it exports. Toolchains write a component's imports (with the types they
 * use) before its core modules, so the leading type, import and alias definitions are enough. An
 * instance that declares no function carries only types ({@code test:complex/types@0.1.0}, as
 * cargo-component emits for a WIT interface of type definitions) and needs no host.
 */
final class ImportShapes {

    private ImportShapes() {}

    /**
     * The function names of each imported instance whose type could be read; imports after the
     * first definition this pass does not follow are left out (their shape is unknown until
     * instantiation).
     */
    static Map<Definition.Import, List<String>> functionsOfInstanceImports(ComponentAst ast) {
        Map<Definition.Import, List<String>> out = new IdentityHashMap<>();
        Frame f = new Frame(null);
        for (Definition d : ast.definitions()) {
            try {
                if (!follow(d, f, out)) {
                    break;
                }
            } catch (RuntimeException e) {
                break; // a type this pass cannot resolve on its own: the rest is decided at instantiation
            }
        }
        return out;
    }

    private static boolean follow(Definition d, Frame f, Map<Definition.Import, List<String>> out) {
        switch (d) {
            case Definition.TypeDef t -> f.types.add(TypeResolver.resolve(t.type(), f));
            case Definition.CoreTypeDef t -> f.coreTypes.add(t.type());
            case Definition.Custom c -> {}
            case Definition.Import i -> {
                switch (i.type()) {
                    case Types.InstanceExtern ie -> {
                        Object shape = f.types.get(ie.typeIndex());
                        f.instances.add(shape);
                        if (shape instanceof InstanceShape s) {
                            List<String> functions = new ArrayList<>();
                            s.exports().forEach((name, v) -> {
                                if (!isType(v)) {
                                    functions.add(name);
                                }
                            });
                            out.put(i, List.copyOf(functions));
                        }
                    }
                    case Types.TypeExtern te ->
                        f.types.add(
                                te.isFreshResource()
                                        ? new ResourceKind(i.name(), null, false)
                                        : TypeResolver.named(f.types.get(te.eqIndex()), i.name()));
                    case Types.FuncExtern fe -> f.funcs.add(f.types.get(fe.typeIndex()));
                    default -> {
                        return false;
                    }
                }
            }
            case Definition.AliasDef a -> {
                if (!(a.alias() instanceof Types.ExportAlias e)
                        || !(f.instances.get(e.instance()) instanceof InstanceShape s)) {
                    return false;
                }
                Object v = s.exports().get(e.name());
                switch (e.sort()) {
                    case TYPE -> f.types.add(v);
                    case INSTANCE -> f.instances.add(v);
                    case FUNC -> f.funcs.add(v);
                    default -> {
                        return false;
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Whether an export of an instance type is a type (a value type, a resource), not a function or an instance. */
    private static boolean isType(Object v) {
        return v instanceof ai.wippy.wit.WitType || v instanceof ResourceKind;
    }
}
