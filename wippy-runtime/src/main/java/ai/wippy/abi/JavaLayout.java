package ai.wippy.abi;

import ai.wippy.value.CanonicalValues;
import ai.wippy.value.JavaBinding;
import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.RecordMatch;
import ai.wippy.value.ResultValue;
import ai.wippy.value.ValueShapeException;
import ai.wippy.value.VariantMatch;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.EnumType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.OptionType;
import ai.wippy.wit.WitType.Primitive;
import ai.wippy.wit.WitType.RecordType;
import ai.wippy.wit.WitType.ResultType;
import ai.wippy.wit.WitType.VariantType;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * How one WIT type and one Java type meet in guest memory, worked out once per pair (Wasmtime's
 * {@code Lift}/{@code Lower} per Rust type is the model): Java records and POJOs are built straight
 * from the fields in memory and written straight from their properties ({@link RecordMatch}), Java
 * enums from and to discriminants, sealed types of records from and to variants ({@link
 * VariantMatch}), {@code List}s and {@code Optional}s element by element, arrays of numbers ({@code
 * int[]} for {@code list<s32>}, {@code double[]} for {@code list<f64>}...) in one copy of their bytes,
 * and a function's {@code result} into its {@code ok} value ({@link #ofResult}). No canonical value
 * ({@code Map}, {@code FieldValues}) is made on the way.
 *
 * <p>Checks are made as values are written: a range, a string's encodability, an enum constant, a
 * list's length against memory (the allocation is checked). A value that fails one, and any pair
 * this class does not take (a {@code Map} for a record, a tuple, flags...), goes the canonical way
 * for that value only ({@link CanonicalValues}, {@link JavaTypeMapper}, which define the conversions
 * and their errors). Errors carry the value's path, completed on the way out ({@link
 * ValueShapeException#under}), so the path costs nothing when nothing fails.
 *
 * <p>Over 500 lines on purpose: each layout (scalar, record, enum, variant, option, result) keeps
 * its load, store and flat lowering side by side, both directions in one place, and they share the
 * canonical fallback defined here. The list layouts are in {@link JavaListLayouts}.
 */
abstract class JavaLayout {

    final WitType wit;
    final Type java;

    JavaLayout(WitType wit, Type java) {
        this.wit = wit;
        this.java = java;
    }

    /** The layout of {@code wit} values as {@code java} values (the canonical way when the pair is not one of the direct ones). */
    static JavaLayout of(WitType wit, Type declared) {
        Type java = declared instanceof WildcardType w ? w.getUpperBounds()[0] : declared;
        Class<?> raw = JavaTypeMapper.rawClass(java);
        JavaLayout direct = switch (wit) {
            case Primitive p -> Scalar.of(p, raw, java);
            case ListType l -> JavaListLayouts.of(l, raw, java);
            case RecordType r when !(java instanceof ParameterizedType) -> Fields.of(r, raw);
            case EnumType e when raw.isEnum() -> Cases.of(e, raw);
            case VariantType v when raw.isSealed() -> Choice.of(v, raw);
            case OptionType o
            when !(o.inner() instanceof OptionType) -> {
                boolean optional = raw == Optional.class;
                if (!optional && raw.isPrimitive()) {
                    yield null;
                }
                yield new Maybe(o, java, of(o.inner(), optional ? JavaTypeMapper.typeArg(java, 0) : java), optional);
            }
            default -> null;
        };
        return direct != null ? direct : new Canonical(wit, java);
    }

    /**
     * The layout of a function's result: {@link #of}, but a {@code result<T, E>} whose Java type is
     * {@code T}'s (a typed proxy returns the {@code ok} value and throws the {@code error}) lifts its
     * {@code ok} straight and its {@code error} canonical, for the caller to throw.
     */
    static JavaLayout ofResult(WitType wit, Type declared) {
        Class<?> raw = JavaTypeMapper.rawClass(declared);
        if (wit instanceof ResultType r && raw != ResultValue.class && raw != Object.class) {
            return new Outcome(r, declared, r.ok() == null ? null : of(r.ok(), declared));
        }
        return of(wit, declared);
    }

    /** Whether the layout reads and writes memory itself (else it goes through canonical values). */
    boolean direct() {
        return true;
    }

    /** The Java value stored at {@code ptr} (already checked for bounds and alignment). */
    abstract Object load(Lifter l, int ptr);

    /** Writes Java value {@code v} at {@code ptr} (already checked), checking it on the way. */
    abstract void store(Lowerer w, Object v, int ptr);

    /** The Java value of the flat core values {@code src} holds. */
    Object liftFlat(Lifter l, Lifter.Source src) {
        return toJava(l.liftFlat(wit, src));
    }

    /** The value at {@code ptr} as a call hands it on, lifted ({@link JavaBinding#lifted}). */
    Object handOn(Lifter l, int ptr) {
        return JavaBinding.lifted(load(l, ptr));
    }

    /** The value of flat core values as a call hands it on ({@link #handOn}). */
    Object handOnFlat(Lifter l, Lifter.Source src) {
        return JavaBinding.lifted(liftFlat(l, src));
    }

    /** Java value {@code v} as flat core values. */
    void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
        w.lowerFlat(wit, canonical(v), out);
    }

    /** {@code v} in canonical form, checked the general way (the error's path is relative to this value). */
    final Object canonical(Object v) {
        return CanonicalValues.toCanonical(wit, v, "");
    }

    /** The canonical {@code v} as the Java type, the general way. */
    final Object toJava(Object canonical) {
        return JavaTypeMapper.toJava(canonical, java, "");
    }

    static String index(int i) {
        return "[" + i + "]";
    }

    // --- the general way, for one value ---------------------------------------------------------

    private static final class Canonical extends JavaLayout {
        Canonical(WitType wit, Type java) {
            super(wit, java);
        }

        @Override
        boolean direct() {
            return false;
        }

        @Override
        Object load(Lifter l, int ptr) {
            return toJava(l.load(wit, ptr));
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            w.store(wit, canonical(v), ptr);
        }
    }

    // --- scalars ------------------------------------------------------------------------------

    /** A number, bool, char or string: lifted canonical (a box either way), handed on when its class is the Java one. */
    static final class Scalar extends JavaLayout {
        final Primitive p;
        /** The boxed Java class, or null when any class is taken ({@code Object}). */
        final Class<?> boxed;

        private Scalar(Primitive p, Type java, Class<?> boxed) {
            super(p, java);
            this.p = p;
            this.boxed = boxed;
        }

        static JavaLayout of(Primitive p, Class<?> raw, Type java) {
            Class<?> boxed =
                    raw.isPrimitive() ? MethodType.methodType(raw).wrap().returnType() : raw;
            return new Scalar(p, java, boxed == Object.class ? null : boxed);
        }

        @Override
        Object load(Lifter l, int ptr) {
            Object v = l.load(p, ptr);
            return boxed == null || v.getClass() == boxed ? v : toJava(v);
        }

        @Override
        Object liftFlat(Lifter l, Lifter.Source src) {
            Object v = l.liftFlat(p, src);
            return boxed == null || v.getClass() == boxed ? v : toJava(v);
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            Object c = checked(p, v);
            w.store(p, c != null ? c : canonical(v), ptr);
        }

        @Override
        void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            Object c = checked(p, v);
            w.lowerFlat(p, c != null ? c : canonical(v), out);
        }

        /** {@code v} when it is canonical for {@code p} as it is ({@link CanonicalValues#exact}); else null. */
        static Object checked(Primitive p, Object v) {
            return CanonicalValues.exact(p, v);
        }
    }

    // --- records, enums, options --------------------------------------------------------------

    /** A WIT record as a Java record or POJO ({@link RecordMatch}): fields read and written through its properties. */
    private static final class Fields extends JavaLayout {
        final Class<?> type;
        final RecordMatch match;
        /** Per WIT field, in WIT order: its name, offset, layout, slot among the values that build the object. */
        final String[] names;

        final int[] offsets;
        final JavaLayout[] layouts;
        final int[] slot;

        private Fields(RecordType r, Class<?> type, RecordMatch match, String[] names, JavaLayout[] layouts) {
            super(r, type);
            this.type = type;
            this.match = match;
            this.names = names;
            this.offsets = Layout.offsets(r);
            this.layouts = layouts;
            this.slot = new int[names.length];
            for (int i = 0; i < slot.length; i++) {
                slot[i] = match.slot(i);
            }
        }

        static JavaLayout of(RecordType r, Class<?> type) {
            RecordMatch match = RecordMatch.of(r, type);
            if (match == null) {
                return null;
            }
            int n = r.fields().size();
            String[] names = new String[n];
            JavaLayout[] layouts = new JavaLayout[n];
            for (int i = 0; i < n; i++) {
                names[i] = r.fields().get(i).name();
                // an option without its property: none when written, read (checked) and dropped
                layouts[i] = JavaLayout.of(r.fields().get(i).type(), match.has(i) ? match.type(i) : Object.class);
                if (match.has(i) && match.rawType(i).isPrimitive() && layouts[i] instanceof Maybe) {
                    return null;
                }
            }
            return new Fields(r, type, match, names, layouts);
        }

        @Override
        Object load(Lifter l, int ptr) {
            return lift(i -> layouts[i].load(l, ptr + offsets[i]));
        }

        @Override
        Object liftFlat(Lifter l, Lifter.Source src) {
            return lift(i -> layouts[i].liftFlat(l, src));
        }

        /** The object built from the fields, in WIT order, {@code field} lifts (a field's error gets its name). */
        private Object lift(IntFunction<Object> field) {
            refuse(true);
            Object[] args = new Object[match.slots()];
            for (int i = 0; i < names.length; i++) {
                try {
                    Object v = field.apply(i);
                    if (slot[i] >= 0) {
                        args[slot[i]] = v;
                    }
                } catch (ValueShapeException e) {
                    throw e.under(names[i]);
                }
            }
            return build(args);
        }

        private Object build(Object[] args) {
            try {
                return match.build(args);
            } catch (Error | ValueShapeException e) {
                throw e;
            } catch (Throwable e) { // a constructor or setter that refuses the values
                throw new ValueShapeException("", "cannot build " + type.getSimpleName() + ": " + e);
            }
        }

        /** Throws when the class cannot be lifted ({@code lifting}) or lowered as the record. */
        private void refuse(boolean lifting) {
            String problem = match.problem(lifting);
            if (problem != null) {
                throw new ValueShapeException("", problem);
            }
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            if (!lower(v, (x, i) -> layouts[i].store(w, x, ptr + offsets[i]))) {
                w.store(wit, canonical(v), ptr);
            }
        }

        @Override
        void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            if (!lower(v, (x, i) -> layouts[i].lowerFlat(w, x, out))) {
                w.lowerFlat(wit, canonical(v), out);
            }
        }

        /**
         * Hands each property of {@code v}, in WIT order, to {@code field} (a field's error gets its
         * name); false, having done nothing, when {@code v} is not of the class and goes the canonical way.
         */
        private boolean lower(Object v, ObjIntConsumer<Object> field) {
            if (v == null || v.getClass() != type) {
                return false;
            }
            refuse(false);
            for (int i = 0; i < names.length; i++) {
                try {
                    field.accept(match.read(v, i), i);
                } catch (ValueShapeException e) {
                    throw e.under(names[i]);
                }
            }
            return true;
        }
    }

    /** A WIT enum as a Java enum: case indexes and constants matched once. */
    private static final class Cases extends JavaLayout {
        final Class<?> type;
        /** Per case index, its constant (null when the Java enum has none of that name). */
        final Object[] constants;
        /** Per ordinal, its case index (-1 when the WIT enum has no such case). */
        final int[] caseOf;

        final int discSize;

        private Cases(EnumType e, Class<?> type, Object[] constants, int[] caseOf) {
            super(e, type);
            this.type = type;
            this.constants = constants;
            this.caseOf = caseOf;
            this.discSize = Layout.discriminantSize(e.cases().size());
        }

        static JavaLayout of(EnumType e, Class<?> type) {
            Object[] all = type.getEnumConstants();
            Object[] constants = new Object[e.cases().size()];
            int[] caseOf = new int[all.length];
            Arrays.fill(caseOf, -1);
            for (Object constant : all) {
                String name = ((Enum<?>) constant).name();
                for (int c = 0; c < constants.length; c++) {
                    if (constants[c] == null
                            && JavaTypeMapper.sameName(name, e.cases().get(c))) {
                        constants[c] = constant;
                        caseOf[((Enum<?>) constant).ordinal()] = c;
                        break;
                    }
                }
            }
            return new Cases(e, type, constants, caseOf);
        }

        @Override
        Object load(Lifter l, int ptr) {
            return constant(l.memory().uint(ptr, discSize));
        }

        @Override
        Object liftFlat(Lifter l, Lifter.Source src) {
            return constant(GuestMemory.unsigned((int) src.next(com.dylibso.chicory.wasm.types.ValType.I32)));
        }

        private Object constant(long disc) {
            if (disc >= constants.length) {
                throw outOfRange(disc, constants.length);
            }
            Object constant = constants[(int) disc];
            return constant != null ? constant : toJava(((EnumType) wit).cases().get((int) disc));
        }

        private int index(Object v) {
            return v != null && v.getClass() == type ? caseOf[((Enum<?>) v).ordinal()] : -1;
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            int c = index(v);
            if (c < 0) {
                w.store(wit, canonical(v), ptr);
            } else {
                w.memory().putUint(ptr, discSize, c);
            }
        }

        @Override
        void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            int c = index(v);
            if (c < 0) {
                w.lowerFlat(wit, canonical(v), out);
            } else {
                out.add(c);
            }
        }
    }

    /** Where the payload of this variant-like type (variant, option, result) starts, after its discriminant. */
    final int payloadOffset() {
        return Layout.payloadOffset(wit);
    }

    /** The trap of a guest's discriminant past the cases of this value's type. */
    final RuntimeException outOfRange(long disc, int cases) {
        return Traps.trap("discriminant " + disc + " of " + wit.describe() + " is out of range (" + cases + " cases)");
    }

    /**
     * A WIT variant as a Java sealed type whose permitted records are the cases ({@link
     * VariantMatch}): in memory, the case's payload by its own layout. Flat (a variant among a call's
     * flat parameters), it goes the canonical way, which joins the cases' flat types.
     */
    private static final class Choice extends JavaLayout {
        final VariantMatch match;
        final String[] names;
        /** Per case, its payload's layout (null for none). */
        final JavaLayout[] payloads;

        final int discSize;
        final int payload;

        private Choice(VariantType v, Class<?> type, VariantMatch match, JavaLayout[] payloads) {
            super(v, type);
            this.match = match;
            this.names = v.cases().stream().map(c -> "<" + c.name() + ">").toArray(String[]::new);
            this.payloads = payloads;
            this.discSize = Layout.discriminantSize(v.cases().size());
            this.payload = payloadOffset();
        }

        static JavaLayout of(VariantType v, Class<?> type) {
            VariantMatch match = VariantMatch.of(v, type);
            if (match == null) {
                return null;
            }
            JavaLayout[] payloads = new JavaLayout[v.cases().size()];
            for (int i = 0; i < payloads.length; i++) {
                WitType p = v.cases().get(i).type();
                payloads[i] = p == null || match.payloadType(i) == null ? null : JavaLayout.of(p, match.payloadType(i));
            }
            return new Choice(v, type, match, payloads);
        }

        @Override
        Object load(Lifter l, int ptr) {
            long disc = l.memory().uint(ptr, discSize);
            if (disc >= payloads.length) {
                throw outOfRange(disc, payloads.length);
            }
            String problem = match.problem(true);
            if (problem != null) {
                throw new ValueShapeException("", problem);
            }
            int c = (int) disc;
            try {
                return match.build(c, payloads[c] == null ? null : payloads[c].load(l, ptr + payload));
            } catch (ValueShapeException e) {
                throw e.under(names[c]);
            }
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            int c = match.caseOf(v);
            if (c < 0 || match.problem(false) != null) {
                w.store(wit, canonical(v), ptr);
                return;
            }
            w.memory().putUint(ptr, discSize, c);
            if (payloads[c] != null) {
                try {
                    payloads[c].store(w, match.payload(c, v), ptr + payload);
                } catch (ValueShapeException e) {
                    throw e.under(names[c]);
                }
            }
        }
    }

    /**
     * A function's {@code result<T, E>} as a typed proxy returns it: a {@link ResultValue} whose
     * {@code ok} holds {@code T} lifted straight into its Java type (handed on as {@link
     * JavaBinding#lifted}) and whose {@code error} holds the canonical {@code E} the caller throws.
     */
    private static final class Outcome extends JavaLayout {
        /** The layout of {@code ok}'s value, null when it has none. */
        final JavaLayout ok;

        Outcome(ResultType r, Type java, JavaLayout ok) {
            super(r, java);
            this.ok = ok;
        }

        @Override
        Object load(Lifter l, int ptr) {
            int disc = l.memory().u8(ptr);
            if (disc > 1) {
                throw outOfRange(disc, 2);
            }
            if (disc == 1) {
                WitType err = ((ResultType) wit).err();
                return ResultValue.err(err == null ? null : l.load(err, ptr + payloadOffset()));
            }
            try {
                return ResultValue.ok(JavaBinding.lifted(ok == null ? null : ok.load(l, ptr + payloadOffset())));
            } catch (ValueShapeException e) {
                throw e.under("<ok>");
            }
        }

        @Override
        Object liftFlat(Lifter l, Lifter.Source src) {
            return l.liftFlat(wit, src); // flat only without payloads: ok or error, nothing to convert
        }

        @Override
        Object handOn(Lifter l, int ptr) {
            return load(l, ptr);
        }

        @Override
        Object handOnFlat(Lifter l, Lifter.Source src) {
            return liftFlat(l, src);
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            w.store(wit, canonical(v), ptr);
        }
    }

    /** {@code option<T>}: in Java an {@code Optional}, or a value that is {@code null} for none. */
    private static final class Maybe extends JavaLayout {
        final JavaLayout inner;
        final boolean optional;
        final int payload;

        Maybe(OptionType o, Type java, JavaLayout inner, boolean optional) {
            super(o, java);
            this.inner = inner;
            this.optional = optional;
            this.payload = payloadOffset();
        }

        @Override
        Object load(Lifter l, int ptr) {
            int disc = l.memory().u8(ptr);
            if (disc == 0) {
                return optional ? Optional.empty() : null;
            }
            if (disc != 1) {
                throw outOfRange(disc, 2);
            }
            Object v = inner.load(l, ptr + payload);
            return optional ? Optional.ofNullable(v) : v;
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            if (v instanceof Optional<?> o) {
                v = o.orElse(null);
            }
            GuestMemory m = w.memory();
            if (v == null) {
                m.putU8(ptr, 0);
                return;
            }
            m.putU8(ptr, 1);
            inner.store(w, v, ptr + payload);
        }
    }
}
