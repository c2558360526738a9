package ai.wippy.abi;

import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.Primitive;
import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link JavaLayout}s of WIT lists: a {@code List} element by element ({@link Each}) and a Java
 * array of numbers or bools in one copy of its bytes ({@link Packed}); both store their elements
 * somewhere in the guest and the list as (pointer, length) where it is ({@link Ranged}).
 */
final class JavaListLayouts {

    private JavaListLayouts() {}

    /** The direct layout of {@code l} as {@code java} (raw class {@code raw}), or null when there is none. */
    static JavaLayout of(ListType l, Class<?> raw, Type java) {
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            return l.isBytes() ? null : new Each(l, java, JavaLayout.of(l.element(), JavaTypeMapper.typeArg(java, 0)));
        }
        if (raw.isArray() && l.element() instanceof Primitive p && Packed.fits(p, raw.getComponentType())) {
            return new Packed(l, java, p);
        }
        return null;
    }

    /** A list: its elements written somewhere in the guest, and (pointer, length) where the list is. */
    private abstract static class Ranged extends JavaLayout {
        final ListType list;
        /** The size and alignment of one element. */
        final int elemSize;

        final int alignment;

        Ranged(ListType list, Type java) {
            super(list, java);
            this.list = list;
            this.elemSize = Layout.size(list.element());
            this.alignment = Layout.alignment(list.element());
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
        final JavaLayout element;
        /** The element scalar when its list is copied in one read (numbers, bools), else null. */
        final Scalar bulk;

        Each(ListType list, Type java, JavaLayout element) {
            super(list, java);
            this.element = element;
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
            int ptr = w.allocate(alignment, (long) n * elemSize, list);
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
        final Primitive p;

        Packed(ListType list, Type java, Primitive p) {
            super(list, java);
            this.p = p;
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
            byte[] bytes = m.bytes(base, n * elemSize);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            Object a = switch (p) {
                case U8, S8 -> b.array();
                case S16, U16 -> copy(new short[n], b.asShortBuffer()::get);
                case S32, U32 -> copy(new int[n], b.asIntBuffer()::get);
                case S64, U64 -> copy(new long[n], b.asLongBuffer()::get);
                case F32 -> copy(new float[n], b.asFloatBuffer()::get);
                case F64 -> copy(new double[n], b.asDoubleBuffer()::get);
                case BOOL -> {
                    boolean[] bools = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        bools[i] = b.get(i) != 0;
                    }
                    yield bools;
                }
                default -> throw new IllegalStateException(p + " has no packed layout");
            };
            int bad = firstNegative(bytes);
            if (bad >= 0) {
                long v = Array.getLong(a, bad);
                throw new ValueShapeException(
                        index(bad),
                        "value "
                                + (p == Primitive.U64
                                        ? Long.toUnsignedString(v)
                                        : v & (p == Primitive.U16 ? 0xFFFF : 0xFFFF_FFFFL))
                                + " does not fit a " + a.getClass().getComponentType());
            }
            return a;
        }

        private static <A> A copy(A array, Consumer<A> bulk) {
            bulk.accept(array);
            return array;
        }

        /**
         * For an unsigned type with the Java type's width, the index of the first element of {@code
         * bytes} (little-endian, as the guest lays them out) whose top bit is set: a value above the
         * signed Java type's range; else -1.
         */
        private int firstNegative(byte[] bytes) {
            if (p == Primitive.U16 || p == Primitive.U32 || p == Primitive.U64) {
                for (int i = 0, top = elemSize - 1; top < bytes.length; i++, top += elemSize) {
                    if (bytes[top] < 0) {
                        return i;
                    }
                }
            }
            return -1;
        }

        @Override
        long[] storeRange(Lowerer w, Object v) {
            byte[] bytes = v == null ? null : packed(v);
            if (bytes == null) {
                return w.storeListIntoRange(list, canonical(v));
            }
            if (bytes.length == 0) {
                return new long[] {alignment, 0};
            }
            int ptr = w.allocate(alignment, bytes.length, list);
            w.memory().putBytes(ptr, bytes);
            return new long[] {ptr, bytes.length / elemSize};
        }

        /** The array's bytes as the guest lays them out, checked (unsigned types take no negative values); null for another class. */
        private byte[] packed(Object v) {
            if (v.getClass().getComponentType() == null || !fits(p, v.getClass().getComponentType())) {
                return null;
            }
            int n = Array.getLength(v);
            ByteBuffer b = ByteBuffer.allocate(n * elemSize).order(ByteOrder.LITTLE_ENDIAN);
            switch (v) {
                case byte[] a -> {
                    return a;
                }
                case short[] a -> b.asShortBuffer().put(a);
                case int[] a -> b.asIntBuffer().put(a);
                case long[] a -> b.asLongBuffer().put(a);
                case float[] a -> b.asFloatBuffer().put(a);
                case double[] a -> b.asDoubleBuffer().put(a);
                case boolean[] a -> {
                    for (int i = 0; i < a.length; i++) {
                        b.put(i, (byte) (a[i] ? 1 : 0));
                    }
                }
                default -> throw new IllegalStateException(v.getClass() + " has no packed layout");
            }
            int bad = firstNegative(b.array());
            if (bad >= 0) {
                throw new ValueShapeException(
                        index(bad), "value " + Array.get(v, bad) + " is out of range for " + p.describe());
            }
            return b.array();
        }
    }
}
