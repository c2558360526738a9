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
import java.util.function.Function;

/**
 * Sizes, alignments and flattenings of WIT types (32-bit memories; CanonicalABI.md's {@code
 * alignment}, {@code elem_size}, {@code flatten_type}). Tuples are records with positional fields;
 * enums, options and results are variants (the spec's "despecialization"). The layout cache: what a
 * composite type computes is kept per type object, since a component's or an entry's types are
 * built once and every call lifts and lowers through the same objects.
 */
final class Layout {

    private Layout() {}

    /**
     * Values per type object, computed once, with lock-free reads: identity is the key (cheaper than
     * the deep equality of nested types). Bounded in case types are made per call: past the bound
     * the cache starts over.
     */
    static final class Memo<V> {
        private record E<V>(Object key, V value) {}

        private static final int MAX = 1 << 16;
        private volatile E<V>[] table = newTable(64);
        private int count;

        @SuppressWarnings("unchecked")
        private static <V> E<V>[] newTable(int n) {
            return (E<V>[]) new E<?>[n];
        }

        V get(Object key, Function<Object, V> compute) {
            E<V>[] t = table;
            int mask = t.length - 1;
            for (int i = System.identityHashCode(key) & mask; ; i = (i + 1) & mask) {
                E<V> e = t[i];
                if (e == null) {
                    break;
                }
                if (e.key == key) {
                    return e.value;
                }
            }
            V v = compute.apply(key); // outside the lock: computing may consult other caches
            put(key, v);
            return v;
        }

        private synchronized void put(Object key, V v) {
            E<V>[] t = table;
            if ((count + 1) * 2 > t.length) {
                t = count >= MAX ? newTable(64) : rehash(t, newTable(t.length * 2));
                count = count >= MAX ? 0 : count;
            }
            int mask = t.length - 1;
            int i = System.identityHashCode(key) & mask;
            while (t[i] != null) {
                if (t[i].key == key) {
                    return;
                }
                i = (i + 1) & mask;
            }
            t[i] = new E<>(key, v);
            count++;
            table = t;
        }

        private static <V> E<V>[] rehash(E<V>[] from, E<V>[] to) {
            int mask = to.length - 1;
            for (E<V> e : from) {
                if (e != null) {
                    int i = System.identityHashCode(e.key) & mask;
                    while (to[i] != null) {
                        i = (i + 1) & mask;
                    }
                    to[i] = e;
                }
            }
            return to;
        }
    }

    /** The size and alignment of a composite type, and the offsets of a record's or tuple's fields. */
    private record Shape(int size, int alignment, int[] offsets) {}

    private static final Memo<Shape> SHAPES = new Memo<>();
    private static final Memo<List<Case>> CASES = new Memo<>();
    private static final Memo<List<ValType>> FLAT = new Memo<>();

    private static Shape shape(WitType t) {
        return SHAPES.get(t, Layout::computeShape); // no capture: no allocation per lookup
    }

    private static Shape computeShape(Object k) {
        WitType t = (WitType) k;
        return new Shape(computeSize(t), computeAlignment(t), computeOffsets(t));
    }

    /** Where each field of a record or element of a tuple starts, from the start of the value; for a variant-like type its payload's offset ({@link #payloadOffset}). */
    static int[] offsets(WitType recordOrTuple) {
        return shape(recordOrTuple).offsets();
    }

    /**
     * Where the payload of a variant-like type (variant, enum, option, result) starts, after its
     * discriminant (the value's pointer is aligned for the whole value, so this offset holds there).
     */
    static int payloadOffset(WitType variant) {
        return shape(variant).offsets()[0];
    }

    private static int[] computeOffsets(WitType t) {
        if (t instanceof VariantType || t instanceof EnumType || t instanceof OptionType || t instanceof ResultType) {
            List<Case> cases = cases(t);
            return new int[] {alignTo(discriminantSize(cases.size()), maxCaseAlignment(cases))};
        }
        if (!(t instanceof RecordType) && !(t instanceof TupleType)) {
            return null;
        }
        List<WitType> fields = fieldTypes(t);
        int[] out = new int[fields.size()];
        int s = 0;
        for (int i = 0; i < out.length; i++) {
            s = alignTo(s, alignment(fields.get(i)));
            out[i] = s;
            s += size(fields.get(i));
        }
        return out;
    }

    static int alignment(WitType t) {
        return t instanceof Primitive || t instanceof ListType || t instanceof HandleType
                ? computeAlignment(t)
                : shape(t).alignment();
    }

    static int size(WitType t) {
        return t instanceof Primitive || t instanceof ListType || t instanceof HandleType
                ? computeSize(t)
                : shape(t).size();
    }

    private static int computeAlignment(WitType t) {
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

    private static int computeSize(WitType t) {
        return switch (t) {
            case Primitive p -> p == Primitive.STRING ? 8 : computeAlignment(p); // a string: (pointer, length)
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
                yield alignTo(s + payload, computeAlignment(t));
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
            case EnumType e -> CASES.get(e, Layout::computeCases); // no capture: no allocation per lookup
            case OptionType o -> CASES.get(o, Layout::computeCases);
            case ResultType r -> CASES.get(r, Layout::computeCases);
            default -> throw new IllegalArgumentException(t.describe() + " is not a variant");
        };
    }

    private static List<Case> computeCases(Object k) {
        return switch ((WitType) k) {
            case EnumType e -> e.cases().stream().map(n -> new Case(n, null)).toList();
            case OptionType o -> List.of(new Case("none", null), new Case("some", o.inner()));
            case ResultType r -> List.of(new Case("ok", r.ok()), new Case("error", r.err()));
            default -> throw new IllegalArgumentException(((WitType) k).describe() + " is not a variant");
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

    /** The flattened core types of a value type, immutable (computed once per type object). */
    static List<ValType> flatten(WitType t) {
        return FLAT.get(t, Layout::computeFlat); // no capture: no allocation per lookup
    }

    private static List<ValType> computeFlat(Object k) {
        List<ValType> out = new ArrayList<>();
        flatten((WitType) k, out);
        return List.copyOf(out);
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
