package ai.wippy.wit;

import java.util.List;
import java.util.Optional;

/**
 * A WIT value type. Component exports carry these; core modules get them from an entry's {@code wit}
 * signature. The model is shared by the canonical ABI, the Java value mapping and the Lua bridge.
 */
public sealed interface WitType {

    /** How the type is written in WIT, for error messages (a named type by its name). */
    default String describe() {
        return switch (this) {
            case Primitive p -> p.witName;
            case ListType l -> "list<" + l.element().describe() + ">";
            case RecordType r -> r.name() == null ? "record" : r.name();
            case TupleType t ->
                t.elements().stream()
                        .map(WitType::describe)
                        .collect(java.util.stream.Collectors.joining(", ", "tuple<", ">"));
            case VariantType v -> v.name() == null ? "variant" : v.name();
            case EnumType e -> e.name() == null ? "enum" : e.name();
            case FlagsType f -> f.name() == null ? "flags" : f.name();
            case OptionType o -> "option<" + o.inner().describe() + ">";
            case ResultType r ->
                "result<" + (r.ok() == null ? "_" : r.ok().describe()) + ", "
                        + (r.err() == null ? "_" : r.err().describe()) + ">";
            case HandleType h -> (h.own() ? "own<" : "borrow<") + h.resource() + ">";
        };
    }

    enum Primitive implements WitType {
        BOOL("bool"),
        S8("s8"),
        U8("u8"),
        S16("s16"),
        U16("u16"),
        S32("s32"),
        U32("u32"),
        S64("s64"),
        U64("u64"),
        F32("f32"),
        F64("f64"),
        CHAR("char"),
        STRING("string");

        private final String witName;

        Primitive(String witName) {
            this.witName = witName;
        }

        public boolean isInteger() {
            return this != BOOL && this != F32 && this != F64 && this != CHAR && this != STRING;
        }

        public static Optional<Primitive> byName(String name) {
            for (Primitive p : values()) {
                if (p.witName.equals(name)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    record ListType(WitType element) implements WitType {
        public boolean isBytes() {
            return element == Primitive.U8;
        }
    }

    record Field(String name, WitType type) {}

    /** The lists of the record, variant, enum and flags types are immutable: their makers pass copies. */
    record RecordType(String name, List<Field> fields) implements WitType {}

    record TupleType(List<WitType> elements) implements WitType {}

    /** A variant case; {@code type} is null for a case without payload. */
    record Case(String name, WitType type) {}

    record VariantType(String name, List<Case> cases) implements WitType {}

    record EnumType(String name, List<String> cases) implements WitType {}

    record FlagsType(String name, List<String> flags) implements WitType {}

    record OptionType(WitType inner) implements WitType {}

    /** {@code ok} and {@code err} are null where the WIT type leaves them out ({@code result<_, E>}). */
    record ResultType(WitType ok, WitType err) implements WitType {}

    /** A resource handle type; {@code own} distinguishes {@code own<R>} from {@code borrow<R>}. */
    record HandleType(String resource, boolean own) implements WitType {}
}
