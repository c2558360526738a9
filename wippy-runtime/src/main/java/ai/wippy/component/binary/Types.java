package ai.wippy.component.binary;

import ai.wippy.wit.WitType;
import java.util.List;

/**
 * The type definitions of the binary format, as decoded: indices are still indices into the type
 * index space of the scope that defines them.
 */
public final class Types {

    private Types() {}

    /** A value type: a primitive, or an index into the type index space. */
    public sealed interface ValTypeRef permits Prim, Idx {}

    public record Prim(WitType.Primitive primitive) implements ValTypeRef {}

    public record Idx(int index) implements ValTypeRef {}

    /** Anything the type section may define. */
    public sealed interface DefType
            permits PrimDef,
                    RecordDef,
                    VariantDef,
                    ListDef,
                    TupleDef,
                    FlagsDef,
                    EnumDef,
                    OptionDef,
                    ResultDef,
                    OwnDef,
                    BorrowDef,
                    FuncType,
                    ComponentType,
                    InstanceType,
                    ResourceType {}

    public record PrimDef(WitType.Primitive primitive) implements DefType {}

    public record LabeledType(String label, ValTypeRef type) {}

    public record RecordDef(List<LabeledType> fields) implements DefType {}

    /** A case; {@code type} is null when the case has no payload. */
    public record VariantDef(List<LabeledType> cases) implements DefType {}

    public record ListDef(ValTypeRef element) implements DefType {}

    public record TupleDef(List<ValTypeRef> elements) implements DefType {}

    public record FlagsDef(List<String> labels) implements DefType {}

    public record EnumDef(List<String> labels) implements DefType {}

    public record OptionDef(ValTypeRef inner) implements DefType {}

    /** {@code ok} and {@code err} are null where absent. */
    public record ResultDef(ValTypeRef ok, ValTypeRef err) implements DefType {}

    public record OwnDef(int resourceType) implements DefType {}

    public record BorrowDef(int resourceType) implements DefType {}

    /** {@code result} is null for a function without result. */
    public record FuncType(List<LabeledType> params, ValTypeRef result) implements DefType {}

    public record ComponentType(List<Decl> decls) implements DefType {}

    public record InstanceType(List<Decl> decls) implements DefType {}

    /** A resource defined by this component: its representation is always i32; {@code dtor} is -1 when none. */
    public record ResourceType(int dtor) implements DefType {}

    /** A declarator inside a component or instance type. */
    public sealed interface Decl permits CoreTypeDecl, TypeDecl, AliasDecl, ImportDecl, ExportDecl {}

    public record CoreTypeDecl(CoreType type) implements Decl {}

    public record TypeDecl(DefType type) implements Decl {}

    public record AliasDecl(Alias alias) implements Decl {}

    public record ImportDecl(String name, ExternType type) implements Decl {}

    public record ExportDecl(String name, ExternType type) implements Decl {}

    /** The type of an import or export. */
    public sealed interface ExternType
            permits ModuleExtern, FuncExtern, ValueExtern, TypeExtern, ComponentExtern, InstanceExtern {

        /** The sort of what is imported or exported; its text ({@code core module}, {@code func}...) names it. */
        default Sort sort() {
            return switch (this) {
                case ModuleExtern m -> Sort.CORE_MODULE;
                case FuncExtern f -> Sort.FUNC;
                case ValueExtern v -> Sort.VALUE;
                case TypeExtern te -> Sort.TYPE;
                case ComponentExtern c -> Sort.COMPONENT;
                case InstanceExtern i -> Sort.INSTANCE;
            };
        }
    }

    public record ModuleExtern(int coreTypeIndex) implements ExternType {}

    public record FuncExtern(int typeIndex) implements ExternType {}

    public record ValueExtern(ValTypeRef type) implements ExternType {}

    /** {@code eqIndex} is -1 for {@code (sub resource)}. */
    public record TypeExtern(int eqIndex) implements ExternType {
        public boolean isFreshResource() {
            return eqIndex < 0;
        }
    }

    public record ComponentExtern(int typeIndex) implements ExternType {}

    public record InstanceExtern(int typeIndex) implements ExternType {}

    /** A core type: a function type or a module type. */
    public sealed interface CoreType permits CoreFuncType, CoreModuleType {}

    /** Core value types are kept as their binary codes (0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, ...). */
    public record CoreFuncType(List<Integer> params, List<Integer> results) implements CoreType {}

    public record CoreModuleType(List<CoreModuleDecl> decls) implements CoreType {}

    public sealed interface CoreModuleDecl permits CoreImportDecl, CoreTypeInModule, CoreOuterAlias, CoreExportDecl {}

    /** {@code kind} is the core extern kind byte (0 func, 1 table, 2 memory, 3 global, 4 tag). */
    public record CoreImportDecl(String module, String name, int kind, int typeIndex) implements CoreModuleDecl {}

    public record CoreTypeInModule(CoreType type) implements CoreModuleDecl {}

    public record CoreOuterAlias(int count, int index) implements CoreModuleDecl {}

    public record CoreExportDecl(String name, int kind, int typeIndex) implements CoreModuleDecl {}

    /** An alias, in a definition or a declarator. */
    public sealed interface Alias permits ExportAlias, CoreExportAlias, OuterAlias {
        Sort sort();
    }

    public record ExportAlias(Sort sort, int instance, String name) implements Alias {}

    public record CoreExportAlias(Sort sort, int instance, String name) implements Alias {}

    public record OuterAlias(Sort sort, int count, int index) implements Alias {}
}
