package ai.wippy.component;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.*;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sizes, alignments and flattenings of WIT types as the Canonical ABI defines them
 * (CanonicalABI.md: {@code alignment}, {@code elem_size}, {@code flatten_type}).
 */
final class AbiLayout {

    private AbiLayout() {}

    /**
     * Layouts per type object, computed once: the types of a component are built once when it is
     * decoded, and every call lifts and lowers through the same objects, so identity is the key
     * (cheaper than the deep equality of nested types). Bounded in case types are made per call.
     */
    static final class Memo<V> {
        private final Map<Object, V> values = new IdentityHashMap<>();

        synchronized V get(Object key, Function<Object, V> compute) {
            V v = values.get(key);
            if (v == null) {
                v = compute.apply(key);
                if (values.size() >= 100_000) {
                    values.clear();
                }
                values.put(key, v);
            }
            return v;
        }
    }

    private static final Memo<List<WitType>> CASES = new Memo<>();
    private static final Memo<List<ValType>> FLAT = new Memo<>();
    private static final Memo<List<ValType>> PAYLOAD_FLAT = new Memo<>();

    static int alignment(WitType t) {
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR -> 4;
                    case S64, U64, F64 -> 8;
                    case STRING -> 4;
                };
            case ListType l -> 4;
            case RecordType r -> {
                int a = 1;
                for (Field f : r.fields()) {
                    a = Math.max(a, alignment(f.type()));
                }
                yield a;
            }
            case TupleType tt -> {
                int a = 1;
                for (WitType e : tt.elements()) {
                    a = Math.max(a, alignment(e));
                }
                yield a;
            }
            case VariantType v -> Math.max(discriminantSize(v.cases().size()), maxCaseAlignment(caseTypes(v)));
            case EnumType e -> discriminantSize(e.cases().size());
            case FlagsType f -> flagsSize(f.flags().size());
            case OptionType o -> Math.max(1, alignment(o.inner()));
            case ResultType r -> Math.max(1, maxCaseAlignment(resultCases(r)));
            case HandleType h -> 4;
        };
    }

    static int size(WitType t) {
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR -> 4;
                    case S64, U64, F64 -> 8;
                    case STRING -> 8;
                };
            case ListType l -> 8;
            case RecordType r -> {
                int s = 0;
                for (Field f : r.fields()) {
                    s = alignTo(s, alignment(f.type())) + size(f.type());
                }
                yield alignTo(s, alignment(t));
            }
            case TupleType tt -> {
                int s = 0;
                for (WitType e : tt.elements()) {
                    s = alignTo(s, alignment(e)) + size(e);
                }
                yield alignTo(s, alignment(t));
            }
            case VariantType v -> variantSize(v.cases().size(), caseTypes(v), alignment(t));
            case EnumType e -> discriminantSize(e.cases().size());
            case FlagsType f -> flagsSize(f.flags().size());
            case OptionType o -> variantSize(2, optionCases(o), alignment(t));
            case ResultType r -> variantSize(2, resultCases(r), alignment(t));
            case HandleType h -> 4;
        };
    }

    private static int variantSize(int cases, List<WitType> types, int align) {
        int s = discriminantSize(cases);
        s = alignTo(s, maxCaseAlignment(types));
        int max = 0;
        for (WitType c : types) {
            if (c != null) {
                max = Math.max(max, size(c));
            }
        }
        return alignTo(s + max, align);
    }

    /** Where a variant's payload starts. */
    static int payloadOffset(int cases, List<WitType> types) {
        return alignTo(discriminantSize(cases), maxCaseAlignment(types));
    }

    static int discriminantSize(int cases) {
        return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
    }

    static int flagsSize(int n) {
        return n <= 8 ? 1 : n <= 16 ? 2 : 4;
    }

    static int maxCaseAlignment(List<WitType> types) {
        int a = 1;
        for (WitType c : types) {
            if (c != null) {
                a = Math.max(a, alignment(c));
            }
        }
        return a;
    }

    static int alignTo(int offset, int align) {
        return (offset + align - 1) / align * align;
    }

    /** The case types of a variant (null for a case without payload); the same list object each time. */
    static List<WitType> caseTypes(VariantType v) {
        return CASES.get(v, k -> {
            List<WitType> out = new ArrayList<>();
            for (Case c : v.cases()) {
                out.add(c.type());
            }
            return Collections.unmodifiableList(out);
        });
    }

    static List<WitType> optionCases(OptionType o) {
        return CASES.get(o, k -> Collections.unmodifiableList(Arrays.asList(null, o.inner())));
    }

    static List<WitType> resultCases(ResultType r) {
        return CASES.get(r, k -> Collections.unmodifiableList(Arrays.asList(r.ok(), r.err())));
    }

    /** The flattened core types of a value type. */
    static void flatten(WitType t, List<ValType> out) {
        switch (t) {
            case Primitive p ->
                out.add(
                        switch (p) {
                            case S64, U64 -> ValType.I64;
                            case F32 -> ValType.F32;
                            case F64 -> ValType.F64;
                            case STRING -> {
                                out.add(ValType.I32);
                                yield ValType.I32;
                            }
                            default -> ValType.I32;
                        });
            case ListType l -> {
                out.add(ValType.I32);
                out.add(ValType.I32);
            }
            case RecordType r -> out.addAll(flatten(r));
            case TupleType tt -> out.addAll(flatten(tt));
            case VariantType v -> out.addAll(flatten(v));
            case EnumType e -> out.add(ValType.I32);
            case FlagsType f -> out.add(ValType.I32);
            case OptionType o -> out.addAll(flatten(o));
            case ResultType r -> out.addAll(flatten(r));
            case HandleType h -> out.add(ValType.I32);
        }
    }

    /** The flattened core types of a value type, immutable (computed once per composite type). */
    static List<ValType> flatten(WitType t) {
        return switch (t) {
            case RecordType r ->
                FLAT.get(r, k -> {
                    List<ValType> out = new ArrayList<>();
                    r.fields().forEach(f -> flatten(f.type(), out));
                    return List.copyOf(out);
                });
            case TupleType tt ->
                FLAT.get(tt, k -> {
                    List<ValType> out = new ArrayList<>();
                    tt.elements().forEach(e -> flatten(e, out));
                    return List.copyOf(out);
                });
            case VariantType v -> FLAT.get(v, k -> flattenVariant(caseTypes(v)));
            case OptionType o -> FLAT.get(o, k -> flattenVariant(optionCases(o)));
            case ResultType r -> FLAT.get(r, k -> flattenVariant(resultCases(r)));
            default -> {
                List<ValType> out = new ArrayList<>(2);
                flatten(t, out);
                yield out;
            }
        };
    }

    /** The joined flattening of the payloads of a variant's cases (from caseTypes/optionCases/resultCases). */
    static List<ValType> variantPayloadFlat(List<WitType> cases) {
        return PAYLOAD_FLAT.get(cases, k -> {
            List<ValType> flat = new ArrayList<>();
            for (WitType c : cases) {
                if (c == null) {
                    continue;
                }
                List<ValType> cf = flatten(c);
                for (int i = 0; i < cf.size(); i++) {
                    if (i < flat.size()) {
                        flat.set(i, join(flat.get(i), cf.get(i)));
                    } else {
                        flat.add(cf.get(i));
                    }
                }
            }
            return List.copyOf(flat);
        });
    }

    private static List<ValType> flattenVariant(List<WitType> cases) {
        List<ValType> out = new ArrayList<>();
        out.add(ValType.I32);
        out.addAll(variantPayloadFlat(cases));
        return List.copyOf(out);
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
}
