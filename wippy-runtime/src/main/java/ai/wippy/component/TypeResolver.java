package ai.wippy.component;

import ai.wippy.component.binary.Sort;
import ai.wippy.component.binary.Types;
import ai.wippy.component.binary.Types.*;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns decoded type definitions into runtime types: value types become {@link WitType}s, function
 * types {@link FunctionSignature}s (named when exported), resources {@link ResourceKind}s, and
 * component/instance types {@link InstanceShape}s.
 */
final class TypeResolver {

    private TypeResolver() {}

    static Object resolve(DefType def, Frame frame) {
        return switch (def) {
            case PrimDef p -> p.primitive();
            case RecordDef r -> {
                List<WitType.Field> fields = new ArrayList<>();
                for (LabeledType f : r.fields()) {
                    fields.add(new WitType.Field(f.label(), value(f.type(), frame)));
                }
                yield new WitType.RecordType(null, List.copyOf(fields));
            }
            case VariantDef v -> {
                List<WitType.Case> cases = new ArrayList<>();
                for (LabeledType c : v.cases()) {
                    cases.add(new WitType.Case(c.label(), c.type() == null ? null : value(c.type(), frame)));
                }
                yield new WitType.VariantType(null, List.copyOf(cases));
            }
            case ListDef l -> new WitType.ListType(value(l.element(), frame));
            case TupleDef t ->
                new WitType.TupleType(
                        t.elements().stream().map(e -> value(e, frame)).toList());
            case FlagsDef f -> new WitType.FlagsType(null, List.copyOf(f.labels()));
            case EnumDef e -> new WitType.EnumType(null, List.copyOf(e.labels()));
            case OptionDef o -> new WitType.OptionType(value(o.inner(), frame));
            case ResultDef r ->
                new WitType.ResultType(
                        r.ok() == null ? null : value(r.ok(), frame), r.err() == null ? null : value(r.err(), frame));
            case OwnDef o ->
                new ai.wippy.wit.WitType.HandleType(
                        resource(frame, o.resourceType()).name(), true);
            case BorrowDef b ->
                new ai.wippy.wit.WitType.HandleType(
                        resource(frame, b.resourceType()).name(), false);
            case FuncType f -> {
                List<Param> params = new ArrayList<>();
                for (LabeledType p : f.params()) {
                    params.add(new Param(p.label(), value(p.type(), frame)));
                }
                yield new FunctionSignature("", params, f.result() == null ? null : value(f.result(), frame));
            }
            case ComponentType c -> shape(c.decls(), frame);
            case InstanceType i -> shape(i.decls(), frame);
            case ResourceType r -> new ResourceKind(null, r.dtor() < 0 ? null : frame.coreFuncs.get(r.dtor()), true);
        };
    }

    static WitType value(ValTypeRef ref, Frame frame) {
        if (ref instanceof Prim p) {
            return p.primitive();
        }
        Object t = frame.types.get(((Idx) ref).index());
        if (t instanceof WitType w) {
            return w;
        }
        throw new IllegalStateException("type " + ((Idx) ref).index() + " is not a value type but " + t);
    }

    private static ResourceKind resource(Frame frame, int index) {
        Object t = frame.types.get(index);
        if (t instanceof ResourceKind k) {
            return k;
        }
        throw new IllegalStateException("type " + index + " is not a resource type");
    }

    /** Gives a value type, function type or resource the name it is exported or imported under. */
    static Object named(Object type, String name) {
        return switch (type) {
            case WitType.RecordType r -> new WitType.RecordType(name, r.fields());
            case WitType.VariantType v -> new WitType.VariantType(name, v.cases());
            case WitType.EnumType e -> new WitType.EnumType(name, e.cases());
            case WitType.FlagsType f -> new WitType.FlagsType(name, f.flags());
            case FunctionSignature s -> new FunctionSignature(name, s.params(), s.result());
            case ResourceKind k -> {
                k.nameIfAnonymous(name);
                yield k;
            }
            default -> type;
        };
    }

    /** The name a function is known by inside an interface: {@code [method]r.m} stays as written. */
    private static InstanceShape shape(List<Decl> decls, Frame outer) {
        Frame inner = new Frame(outer);
        Map<String, Object> exports = new LinkedHashMap<>();
        for (Decl d : decls) {
            switch (d) {
                case CoreTypeDecl c -> inner.coreTypes.add(c.type());
                case TypeDecl t -> inner.types.add(resolve(t.type(), inner));
                case AliasDecl a -> {
                    switch (a.alias()) {
                        case OuterAlias o -> {
                            Frame target = inner.outer(o.count());
                            if (o.sort() == Sort.TYPE) {
                                inner.types.add(target.types.get(o.index()));
                            } else if (o.sort() == Sort.CORE_TYPE) {
                                inner.coreTypes.add(target.coreTypes.get(o.index()));
                            } else if (o.sort() == Sort.COMPONENT) {
                                inner.components.add(target.components.get(o.index()));
                            } else {
                                inner.coreModules.add(target.coreModules.get(o.index()));
                            }
                        }
                        case ExportAlias e -> {
                            InstanceShape s = (InstanceShape) inner.instances.get(e.instance());
                            Object v = s.exports().get(e.name());
                            (e.sort() == Sort.TYPE ? inner.types : inner.instances).add(v);
                        }
                        case CoreExportAlias c -> throw new IllegalStateException("core export alias in a type");
                    }
                }
                case ImportDecl i -> declare(inner, i.name(), i.type(), null);
                case ExportDecl e -> declare(inner, e.name(), e.type(), exports);
            }
        }
        return new InstanceShape(exports);
    }

    private static void declare(Frame inner, String name, ExternType type, Map<String, Object> exports) {
        Object value;
        switch (type) {
            case FuncExtern f -> {
                value = named(inner.types.get(f.typeIndex()), name);
                inner.funcs.add(value);
            }
            case TypeExtern t -> {
                value = t.isFreshResource()
                        ? new ResourceKind(name, null, false)
                        : named(inner.types.get(t.eqIndex()), name);
                inner.types.add(value);
            }
            case InstanceExtern i -> {
                value = inner.types.get(i.typeIndex());
                inner.instances.add(value);
            }
            case ComponentExtern c -> {
                value = inner.types.get(c.typeIndex());
                inner.components.add(value);
            }
            case ModuleExtern m -> {
                value = inner.coreTypes.get(m.coreTypeIndex());
                inner.coreModules.add(value);
            }
            case Types.ValueExtern v -> throw new IllegalStateException("value imports are not supported");
        }
        if (exports != null) {
            exports.put(name, value);
        }
    }

    /** The signature of an exported function, named by the part of {@code method} after any '#'. */
    static FunctionSignature signatureOf(ComponentFunc f, String method) {
        FunctionSignature s = f.signature();
        String name = method.substring(method.indexOf('#') + 1);
        return s.name().equals(name) ? s : new FunctionSignature(name, s.params(), s.result());
    }
}
