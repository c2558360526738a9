package ai.wippy.abi;

import ai.wippy.value.CanonicalValues;
import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.RecordMatch;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.EnumType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.OptionType;
import ai.wippy.wit.WitType.Primitive;
import ai.wippy.wit.WitType.RecordType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How one WIT type and one Java type meet in guest memory, worked out once per pair (Wasmtime's
 * {@code Lift}/{@code Lower} per Rust type is the model): Java records are built straight from the
 * fields in memory and written straight from their accessors, Java enums from and to discriminants,
 * {@code List}s and {@code Optional}s element by element, arrays of numbers ({@code int[]} for
 * {@code list<s32>}, {@code double[]} for {@code list<f64>}...) in one copy of their bytes. No
 * canonical value ({@code Map}, {@code FieldValues}) is made on the way.
 *
 * <p>Checks are made as values are written: a range, a string's encodability, an enum constant, a
 * list's length against memory (the allocation is checked). A value that fails one, and any pair
 * this class does not take (a {@code Map} for a record, a POJO, a variant...), goes the canonical way
 * for that value only ({@link CanonicalValues}, {@link JavaTypeMapper}, which define the conversions
 * and their errors). Errors carry the value's path, completed on the way out ({@link
 * ValueShapeException#under}), so the path costs nothing when nothing fails.
 *
 * <p>Longer than most files on purpose: each layout (scalar, list, packed array, record, enum,
 * option) keeps its load, store and flat lowering side by side, both directions in one place.
 */
abstract class JavaLayout {

    final WitType wit;
    final Type java;

    private JavaLayout(WitType wit, Type java) {
        this.wit = wit;
        this.java = java;
    }

    /** The layout of {@code wit} values as {@code java} values (the canonical way when the pair is not one of the direct ones). */
    static JavaLayout of(WitType wit, Type declared) {
        Type java = declared instanceof WildcardType w ? w.getUpperBounds()[0] : declared;
        Class<?> raw = JavaTypeMapper.rawClass(java);
        JavaLayout direct = switch (wit) {
            case Primitive p -> Scalar.of(p, raw, java);
            case ListType l -> listOf(l, raw, java);
            case RecordType r when raw.isRecord() && !(java instanceof ParameterizedType) -> Fields.of(r, raw);
            case EnumType e when raw.isEnum() -> Cases.of(e, raw);
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

    private static JavaLayout listOf(ListType l, Class<?> raw, Type java) {
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            return l.isBytes() ? null : new Each(l, java, of(l.element(), JavaTypeMapper.typeArg(java, 0)));
        }
        if (raw.isArray() && l.element() instanceof Primitive p && Packed.fits(p, raw.getComponentType())) {
            return new Packed(l, java, p);
        }
        return null;
    }

    /** Whether the layout reads and writes memory itself (else it goes through canonical values). */
    boolean direct() {
        return true;
    }

    /** The Java value stored at {@code ptr} (already checked for bounds and alignment). */
    abstract Object load(Lifter l, int ptr);

    /** Writes Java value {@code v} at {@code ptr} (already checked), checking it on the way. */
    abstract void store(Lowerer w, Object v, int ptr);

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
    private static final class Scalar extends JavaLayout {
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
        void store(Lowerer w, Object v, int ptr) {
            Object c = checked(p, v);
            w.store(p, c != null ? c : canonical(v), ptr);
        }

        @Override
        void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            Object c = checked(p, v);
            w.lowerFlat(p, c != null ? c : canonical(v), out);
        }

        /** {@code v} when it is canonical for {@code p} as it is (in range), an unsigned 32-bit int widened; else null. */
        static Object checked(Primitive p, Object v) {
            return switch (p) {
                case S32 -> v instanceof Integer ? v : null;
                case S64 -> v instanceof Long ? v : null;
                case F64 -> v instanceof Double ? v : null;
                case F32 -> v instanceof Float ? v : null;
                case BOOL -> v instanceof Boolean ? v : null;
                case STRING -> v instanceof String ? v : null;
                case U32 ->
                    v instanceof Integer i && i >= 0
                            ? (Object) (long) i
                            : v instanceof Long n && n >= 0 && n <= 0xFFFF_FFFFL ? v : null;
                case U64 -> v instanceof Long n && n >= 0 ? v : null;
                case S8 -> v instanceof Integer i && i >= -128 && i <= 127 ? v : null;
                case U8 -> v instanceof Integer i && i >= 0 && i <= 255 ? v : null;
                case S16 -> v instanceof Integer i && i >= Short.MIN_VALUE && i <= Short.MAX_VALUE ? v : null;
                case U16 -> v instanceof Integer i && i >= 0 && i <= 65535 ? v : null;
                case CHAR -> null;
            };
        }
    }

    // --- lists --------------------------------------------------------------------------------

    /** A list: its elements written somewhere in the guest, and (pointer, length) where the list is. */
    private abstract static class Ranged extends JavaLayout {
        Ranged(WitType wit, Type java) {
            super(wit, java);
        }

        /** Allocates and fills the list; returns {ptr, length}. */
        abstract long[] storeRange(Lowerer w, Object v);

        @Override
        final void store(Lowerer w, Object v, int ptr) {
            long[] range = storeRange(w, v);
            GuestMemory m = w.memory();
            m.putI32(ptr, (int) range[0]);
            m.putI32(ptr + 4, (int) range[1]);
        }

        @Override
        final void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            long[] range = storeRange(w, v);
            out.add(range[0]);
            out.add(range[1]);
        }
    }

    /** {@code list<T>} as a {@code List}: elements by the element's layout, numbers read in one copy. */
    private static final class Each extends Ranged {
        final ListType list;
        final JavaLayout element;
        final int elemSize;
        final int alignment;
        /** The element scalar when its list is copied in one read (numbers, bools), else null. */
        final Scalar bulk;

        Each(ListType list, Type java, JavaLayout element) {
            super(list, java);
            this.list = list;
            this.element = element;
            this.elemSize = Layout.size(list.element());
            this.alignment = Layout.alignment(list.element());
            this.bulk = element instanceof Scalar s && Lowerer.isBulkScalar(s.p) ? s : null;
        }

        @Override
        Object load(Lifter l, int ptr) {
            GuestMemory m = l.memory();
            return loadRange(l, GuestMemory.unsigned(m.i32(ptr)), GuestMemory.unsigned(m.i32(ptr + 4)));
        }

        private Object loadRange(Lifter l, long ptr, long length) {
            int n = (int) length;
            if (bulk != null) {
                int base = l.listBase(list, ptr, length, false);
                List<Object> values = l.loadScalars(bulk.p, base, n, n * elemSize);
                for (int i = 0; bulk.boxed != null && i < n; i++) {
                    Object v = values.get(i);
                    if (v.getClass() != bulk.boxed) {
                        try {
                            values.set(i, bulk.toJava(v));
                        } catch (ValueShapeException e) {
                            throw e.under(index(i));
                        }
                    }
                }
                return values;
            }
            int base = l.listBase(list, ptr, length, false);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                try {
                    out.add(element.load(l, base + i * elemSize));
                } catch (ValueShapeException e) {
                    throw e.under(index(i));
                }
            }
            return out;
        }

        @Override
        long[] storeRange(Lowerer w, Object v) {
            if (!(v instanceof List<?> items)) {
                return w.storeListIntoRange(list, canonical(v));
            }
            int n = items.size();
            if (n == 0) {
                return new long[] {alignment, 0};
            }
            if (bulk != null) {
                return w.storeListIntoRange(list, checkedScalars(items));
            }
            int ptr = w.allocate(alignment, (long) n * elemSize, list.describe());
            int i = 0;
            for (Object item : items) {
                if (i == n) {
                    throw new IllegalStateException("the list grew while it was being passed");
                }
                try {
                    element.store(w, item, ptr + i * elemSize);
                } catch (ValueShapeException e) {
                    throw e.under(index(i));
                }
                i++;
            }
            return new long[] {ptr, n};
        }

        /** The items, each checked for the element type (and widened, an unsigned 32-bit {@code Integer}). */
        private List<Object> checkedScalars(List<?> items) {
            Object[] out = new Object[items.size()];
            int i = 0;
            for (Object item : items) {
                Object c = Scalar.checked(bulk.p, item);
                try {
                    out[i] = c != null ? c : bulk.canonical(item);
                } catch (ValueShapeException e) {
                    throw e.under(index(i));
                }
                i++;
            }
            return Arrays.asList(out);
        }
    }

    /**
     * A list of numbers or bools as a Java array of the same width ({@code byte[]}, {@code short[]},
     * {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]}): its bytes
     * copied in one read or write, through a little-endian buffer view. Unsigned values must fit the
     * signed Java type (a {@code u32} above {@code Integer.MAX_VALUE} does not fit an {@code int}).
     */
    private static final class Packed extends Ranged {
        final ListType list;
        final Primitive p;
        final int elemSize;

        Packed(ListType list, Type java, Primitive p) {
            super(list, java);
            this.list = list;
            this.p = p;
            this.elemSize = Layout.size(p);
        }

        static boolean fits(Primitive p, Class<?> component) {
            return switch (p) {
                case U8, S8 -> component == byte.class;
                case S16, U16 -> component == short.class;
                case S32, U32 -> component == int.class;
                case S64, U64 -> component == long.class;
                case F32 -> component == float.class;
                case F64 -> component == double.class;
                case BOOL -> component == boolean.class;
                default -> false;
            };
        }

        @Override
        Object load(Lifter l, int ptr) {
            GuestMemory m = l.memory();
            long length = GuestMemory.unsigned(m.i32(ptr + 4));
            int base = l.listBase(list, GuestMemory.unsigned(m.i32(ptr)), length, true);
            int n = (int) length;
            ByteBuffer b = ByteBuffer.wrap(m.bytes(base, n * elemSize)).order(ByteOrder.LITTLE_ENDIAN);
            return switch (p) {
                case U8, S8 -> b.array();
                case S16, U16 -> {
                    short[] a = new short[n];
                    b.asShortBuffer().get(a);
                    for (int i = 0; p == Primitive.U16 && i < n; i++) {
                        if (a[i] < 0) {
                            throw tooLarge(i, a[i] & 0xFFFF, "short");
                        }
                    }
                    yield a;
                }
                case S32, U32 -> {
                    int[] a = new int[n];
                    b.asIntBuffer().get(a);
                    for (int i = 0; p == Primitive.U32 && i < n; i++) {
                        if (a[i] < 0) {
                            throw tooLarge(i, GuestMemory.unsigned(a[i]), "int");
                        }
                    }
                    yield a;
                }
                case S64, U64 -> {
                    long[] a = new long[n];
                    b.asLongBuffer().get(a);
                    for (int i = 0; p == Primitive.U64 && i < n; i++) {
                        if (a[i] < 0) {
                            throw tooLarge(i, Long.toUnsignedString(a[i]), "long");
                        }
                    }
                    yield a;
                }
                case F32 -> {
                    float[] a = new float[n];
                    b.asFloatBuffer().get(a);
                    yield a;
                }
                case F64 -> {
                    double[] a = new double[n];
                    b.asDoubleBuffer().get(a);
                    yield a;
                }
                case BOOL -> {
                    boolean[] a = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = b.get(i) != 0;
                    }
                    yield a;
                }
                default -> throw new IllegalStateException(p + " has no packed layout");
            };
        }

        private static ValueShapeException tooLarge(int i, Object value, String javaType) {
            return new ValueShapeException(index(i), "value " + value + " does not fit a " + javaType);
        }

        @Override
        long[] storeRange(Lowerer w, Object v) {
            byte[] bytes = v == null ? null : packed(v);
            if (bytes == null) {
                return w.storeListIntoRange(list, canonical(v));
            }
            if (bytes.length == 0) {
                return new long[] {Layout.alignment(p), 0};
            }
            int ptr = w.allocate(Layout.alignment(p), bytes.length, list.describe());
            w.memory().putBytes(ptr, bytes);
            return new long[] {ptr, bytes.length / elemSize};
        }

        /** The array's bytes as the guest lays them out, checked (unsigned types take no negative values); null for another class. */
        private byte[] packed(Object v) {
            ByteBuffer b;
            switch (v) {
                case byte[] a
                when elemSize == 1 && p != Primitive.BOOL -> {
                    return a;
                }
                case short[] a
                when elemSize == 2 -> {
                    for (int i = 0; p == Primitive.U16 && i < a.length; i++) {
                        negative(i, a[i]);
                    }
                    b = buffer(a.length);
                    b.asShortBuffer().put(a);
                }
                case int[] a
                when p == Primitive.S32 || p == Primitive.U32 -> {
                    for (int i = 0; p == Primitive.U32 && i < a.length; i++) {
                        negative(i, a[i]);
                    }
                    b = buffer(a.length);
                    b.asIntBuffer().put(a);
                }
                case long[] a
                when p == Primitive.S64 || p == Primitive.U64 -> {
                    for (int i = 0; p == Primitive.U64 && i < a.length; i++) {
                        negative(i, a[i]);
                    }
                    b = buffer(a.length);
                    b.asLongBuffer().put(a);
                }
                case float[] a
                when p == Primitive.F32 -> {
                    b = buffer(a.length);
                    b.asFloatBuffer().put(a);
                }
                case double[] a
                when p == Primitive.F64 -> {
                    b = buffer(a.length);
                    b.asDoubleBuffer().put(a);
                }
                case boolean[] a
                when p == Primitive.BOOL -> {
                    byte[] out = new byte[a.length];
                    for (int i = 0; i < a.length; i++) {
                        out[i] = (byte) (a[i] ? 1 : 0);
                    }
                    return out;
                }
                default -> {
                    return null;
                }
            }
            return b.array();
        }

        private ByteBuffer buffer(int n) {
            return ByteBuffer.allocate(n * elemSize).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void negative(int i, long value) {
            if (value < 0) {
                throw new ValueShapeException(index(i), "value " + value + " is out of range for " + p.describe());
            }
        }
    }

    // --- records, enums, options --------------------------------------------------------------

    /** A WIT record as a Java record whose components are its fields, one to one (in any order). */
    private static final class Fields extends JavaLayout {
        final Class<?> type;
        /** Per WIT field, in WIT order: its name, offset, layout, record component, accessor. */
        final String[] names;

        final int[] offsets;
        final JavaLayout[] layouts;
        final int[] component;
        final MethodHandle[] accessors;
        /** The canonical constructor, taking {@code Object[]} in component order. */
        final MethodHandle constructor;

        private Fields(
                RecordType r,
                Class<?> type,
                String[] names,
                JavaLayout[] layouts,
                int[] component,
                MethodHandle[] accessors,
                MethodHandle constructor) {
            super(r, type);
            this.type = type;
            this.names = names;
            this.offsets = Layout.offsets(r);
            this.layouts = layouts;
            this.component = component;
            this.accessors = accessors;
            this.constructor = constructor;
        }

        static JavaLayout of(RecordType r, Class<?> type) {
            RecordMatch match = RecordMatch.of(r, type);
            if (match == null) {
                return null;
            }
            int n = r.fields().size();
            String[] names = new String[n];
            JavaLayout[] layouts = new JavaLayout[n];
            int[] component = new int[n];
            MethodHandle[] accessors = new MethodHandle[n];
            for (int i = 0; i < n; i++) {
                RecordComponent rc = match.component(i);
                names[i] = r.fields().get(i).name();
                layouts[i] = JavaLayout.of(r.fields().get(i).type(), rc.getGenericType());
                if (rc.getType().isPrimitive() && layouts[i] instanceof Maybe) {
                    return null;
                }
                component[i] = match.componentIndex(i);
                accessors[i] = match.accessor(i);
            }
            return new Fields(r, type, names, layouts, component, accessors, match.constructor());
        }

        @Override
        Object load(Lifter l, int ptr) {
            Object[] args = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                try {
                    args[component[i]] = layouts[i].load(l, ptr + offsets[i]);
                } catch (ValueShapeException e) {
                    throw e.under(names[i]);
                }
            }
            try {
                return constructor.invokeExact(args);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) { // a compact constructor that refuses the values
                throw new ValueShapeException("", "cannot build " + type.getSimpleName() + ": " + e);
            }
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            if (v == null || v.getClass() != type) {
                w.store(wit, canonical(v), ptr);
                return;
            }
            for (int i = 0; i < names.length; i++) {
                try {
                    layouts[i].store(w, field(v, i), ptr + offsets[i]);
                } catch (ValueShapeException e) {
                    throw e.under(names[i]);
                }
            }
        }

        @Override
        void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            if (v == null || v.getClass() != type) {
                w.lowerFlat(wit, canonical(v), out);
                return;
            }
            for (int i = 0; i < names.length; i++) {
                try {
                    layouts[i].lowerFlat(w, field(v, i), out);
                } catch (ValueShapeException e) {
                    throw e.under(names[i]);
                }
            }
        }

        private Object field(Object record, int i) {
            try {
                return accessors[i].invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("reading " + type.getSimpleName() + "." + names[i] + " failed", e);
            }
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
            GuestMemory m = l.memory();
            long disc = discSize == 1 ? m.u8(ptr) : discSize == 2 ? m.u16(ptr) : GuestMemory.unsigned(m.i32(ptr));
            if (disc >= constants.length) {
                throw Traps.trap("discriminant " + disc + " of " + wit.describe() + " is out of range ("
                        + constants.length + " cases)");
            }
            Object constant = constants[(int) disc];
            return constant != null ? constant : toJava(((EnumType) wit).cases().get((int) disc));
        }

        @Override
        void store(Lowerer w, Object v, int ptr) {
            int c = v != null && v.getClass() == type ? caseOf[((Enum<?>) v).ordinal()] : -1;
            if (c < 0) {
                w.store(wit, canonical(v), ptr);
                return;
            }
            GuestMemory m = w.memory();
            switch (discSize) {
                case 1 -> m.putU8(ptr, c);
                case 2 -> m.putU16(ptr, c);
                default -> m.putI32(ptr, c);
            }
        }

        @Override
        void lowerFlat(Lowerer w, Object v, Lowerer.Sink out) {
            int c = v != null && v.getClass() == type ? caseOf[((Enum<?>) v).ordinal()] : -1;
            if (c < 0) {
                w.lowerFlat(wit, canonical(v), out);
            } else {
                out.add(c);
            }
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
            this.payload = Layout.alignTo(1, Layout.maxCaseAlignment(Layout.cases(o)));
        }

        @Override
        Object load(Lifter l, int ptr) {
            int disc = l.memory().u8(ptr);
            if (disc == 0) {
                return optional ? Optional.empty() : null;
            }
            if (disc != 1) {
                throw Traps.trap("discriminant " + disc + " of " + wit.describe() + " is out of range (2 cases)");
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
