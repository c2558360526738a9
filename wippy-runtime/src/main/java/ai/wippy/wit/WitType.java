package ai.wippy.wit;

import java.util.List;
import java.util.Optional;

/**
 * A WIT value type. Component exports carry these; core modules get them from an entry's {@code wit}
 * signature. The model is shared by the canonical ABI, the Java value mapping and the Lua bridge.
 */
public sealed interface WitType {

    /** How the type is written in WIT, for error messages. */
    String describe();

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

        @Override
        public String describe() {
            return witName;
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
        @Override
        public String describe() {
            return "list<" + element.describe() + ">";
        }

        public boolean isBytes() {
            return element == Primitive.U8;
        }
    }

    record Field(String name, WitType type) {}

    record RecordType(String name, List<Field> fields) implements WitType {
        public RecordType {
            fields = List.copyOf(fields);
        }

        @Override
        public String describe() {
            return name == null ? "record" : name;
        }
    }

    record TupleType(List<WitType> elements) implements WitType {
        public TupleType {
            elements = List.copyOf(elements);
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("tuple<");
            for (int i = 0; i < elements.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(elements.get(i).describe());
            }
            return sb.append('>').toString();
        }
    }

    /** A variant case; {@code type} is null for a case without payload. */
    record Case(String name, WitType type) {}

    record VariantType(String name, List<Case> cases) implements WitType {
        public VariantType {
            cases = List.copyOf(cases);
        }

        @Override
        public String describe() {
            return name == null ? "variant" : name;
        }
    }

    record EnumType(String name, List<String> cases) implements WitType {
        public EnumType {
            cases = List.copyOf(cases);
        }

        @Override
        public String describe() {
            return name == null ? "enum" : name;
        }
    }

    record FlagsType(String name, List<String> flags) implements WitType {
        public FlagsType {
            flags = List.copyOf(flags);
        }

        @Override
        public String describe() {
            return name == null ? "flags" : name;
        }
    }

    record OptionType(WitType inner) implements WitType {
        @Override
        public String describe() {
            return "option<" + inner.describe() + ">";
        }
    }

    /** {@code ok} and {@code err} are null where the WIT type leaves them out ({@code result<_, E>}). */
    record ResultType(WitType ok, WitType err) implements WitType {
        @Override
        public String describe() {
            return "result<" + (ok == null ? "_" : ok.describe()) + ", " + (err == null ? "_" : err.describe()) + ">";
        }
    }

    /** A resource handle type; {@code own} distinguishes {@code own<R>} from {@code borrow<R>}. */
    record HandleType(String resource, boolean own) implements WitType {
        @Override
        public String describe() {
            return (own ? "own<" : "borrow<") + resource + ">";
        }
    }
}
