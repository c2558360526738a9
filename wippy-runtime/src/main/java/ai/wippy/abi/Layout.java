package ai.wippy.abi;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Case;
import ai.wippy.wit.WitType.EnumType;
import ai.wippy.wit.WitType.FlagsType;
import ai.wippy.wit.WitType.HandleType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.OptionType;
import ai.wippy.wit.WitType.Primitive;
import ai.wippy.wit.WitType.RecordType;
import ai.wippy.wit.WitType.ResultType;
import ai.wippy.wit.WitType.TupleType;
import ai.wippy.wit.WitType.VariantType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes, alignments and flattenings of WIT types (32-bit memories). Tuples are records with
 * positional fields; enums, options and results are variants (the spec's "despecialization").
 */
final class Layout {

    private Layout() {}

    static int alignment(WitType t) {
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR, STRING -> 4;
                    case S64, U64, F64 -> 8;
                };
            case ListType l -> 4;
            case RecordType r -> alignmentOf(fieldTypes(r));
            case TupleType tu -> alignmentOf(tu.elements());
            case FlagsType f -> flagsSize(f);
            case HandleType h -> 4;
            default -> Math.max(discriminantSize(cases(t).size()), maxCaseAlignment(cases(t)));
        };
    }

    static int size(WitType t) {
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR -> 4;
                    case S64, U64, F64, STRING -> 8;
                };
            case ListType l -> 8;
            case RecordType r -> sizeOfFields(fieldTypes(r));
            case TupleType tu -> sizeOfFields(tu.elements());
            case FlagsType f -> flagsSize(f);
            case HandleType h -> 4;
            default -> {
                List<Case> cases = cases(t);
                int s = alignTo(discriminantSize(cases.size()), maxCaseAlignment(cases));
                int payload = 0;
                for (Case c : cases) {
                    if (c.type() != null) {
                        payload = Math.max(payload, size(c.type()));
                    }
                }
                yield alignTo(s + payload, alignment(t));
            }
        };
    }

    static int alignTo(int ptr, int alignment) {
        return (ptr + alignment - 1) / alignment * alignment;
    }

    static int alignmentOf(List<WitType> fields) {
        int a = 1;
        for (WitType f : fields) {
            a = Math.max(a, alignment(f));
        }
        return a;
    }

    static int sizeOfFields(List<WitType> fields) {
        int s = 0;
        for (WitType f : fields) {
            s = alignTo(s, alignment(f)) + size(f);
        }
        return alignTo(s, alignmentOf(fields));
    }

    static List<WitType> fieldTypes(RecordType r) {
        List<WitType> out = new ArrayList<>(r.fields().size());
        r.fields().forEach(f -> out.add(f.type()));
        return out;
    }

    /** The fields of a record or the elements of a tuple. */
    static List<WitType> fieldTypes(WitType t) {
        return t instanceof RecordType r ? fieldTypes(r) : ((TupleType) t).elements();
    }

    static int flagsSize(FlagsType f) {
        int n = f.flags().size();
        if (n == 0 || n > 32) {
            throw new IllegalArgumentException("flags must have 1 to 32 labels, " + f.describe() + " has " + n);
        }
        return n <= 8 ? 1 : n <= 16 ? 2 : 4;
    }

    /** The cases of a variant-like type (variant, enum, option, result), in discriminant order. */
    static List<Case> cases(WitType t) {
        return switch (t) {
            case VariantType v -> v.cases();
            case EnumType e -> e.cases().stream().map(n -> new Case(n, null)).toList();
            case OptionType o -> List.of(new Case("none", null), new Case("some", o.inner()));
            case ResultType r -> List.of(new Case("ok", r.ok()), new Case("error", r.err()));
            default -> throw new IllegalArgumentException(t.describe() + " is not a variant");
        };
    }

    static int discriminantSize(int cases) {
        if (cases <= 0) {
            throw new IllegalArgumentException("a variant needs at least one case");
        }
        return cases <= 0x100 ? 1 : cases <= 0x10000 ? 2 : 4;
    }

    static int maxCaseAlignment(List<Case> cases) {
        int a = 1;
        for (Case c : cases) {
            if (c.type() != null) {
                a = Math.max(a, alignment(c.type()));
            }
        }
        return a;
    }

    static List<ValType> flatten(WitType t) {
        List<ValType> out = new ArrayList<>();
        flatten(t, out);
        return out;
    }

    static void flatten(WitType t, List<ValType> out) {
        switch (t) {
            case Primitive p -> {
                switch (p) {
                    case S64, U64 -> out.add(ValType.I64);
                    case F32 -> out.add(ValType.F32);
                    case F64 -> out.add(ValType.F64);
                    case STRING -> {
                        out.add(ValType.I32);
                        out.add(ValType.I32);
                    }
                    default -> out.add(ValType.I32);
                }
            }
            case ListType l -> {
                out.add(ValType.I32);
                out.add(ValType.I32);
            }
            case RecordType r -> r.fields().forEach(f -> flatten(f.type(), out));
            case TupleType tu -> tu.elements().forEach(e -> flatten(e, out));
            case FlagsType f -> out.add(ValType.I32);
            case HandleType h -> out.add(ValType.I32);
            default -> out.addAll(flattenVariant(cases(t)));
        }
    }

    static List<ValType> flattenVariant(List<Case> cases) {
        List<ValType> payload = new ArrayList<>();
        for (Case c : cases) {
            if (c.type() == null) {
                continue;
            }
            List<ValType> ft = flatten(c.type());
            for (int i = 0; i < ft.size(); i++) {
                if (i < payload.size()) {
                    payload.set(i, join(payload.get(i), ft.get(i)));
                } else {
                    payload.add(ft.get(i));
                }
            }
        }
        List<ValType> out = new ArrayList<>(payload.size() + 1);
        out.add(ValType.I32);
        out.addAll(payload);
        return out;
    }

    static ValType join(ValType a, ValType b) {
        if (a.equals(b)) {
            return a;
        }
        if ((a.equals(ValType.I32) && b.equals(ValType.F32)) || (a.equals(ValType.F32) && b.equals(ValType.I32))) {
            return ValType.I32;
        }
        return ValType.I64;
    }

    static List<ValType> flattenAll(List<WitType> types) {
        List<ValType> out = new ArrayList<>();
        types.forEach(t -> flatten(t, out));
        return out;
    }
}
