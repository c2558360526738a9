package ai.wippy.abi;

import ai.wippy.value.FieldValues;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Lowering: canonical host values into a guest (flat core values and linear memory, allocated with
 * the guest's {@code cabi_realloc}). Host values are trusted to be canonical (the registry converted
 * them); what the guest returns from {@code realloc} is not, and is checked.
 */
final class Lowerer {

    /** Field {@code i} of a record value: by position when it was made for this record type, else by name. */
    private static Object field(Map<?, ?> record, List<WitType.Field> fields, int i) {
        return record instanceof FieldValues values && values.fields() == fields
                ? values.at(i)
                : record.get(fields.get(i).name());
    }

    private final CanonicalOptions options;
    private GuestMemory memory;

    Lowerer(CanonicalOptions options) {
        this.options = options;
    }

    GuestMemory memory() {
        if (memory == null) {
            memory = new GuestMemory(options.memory());
        }
        return memory;
    }

    /** A growable array of flat values. */
    static final class Sink {
        long[] values;
        int size;

        Sink() {
            this(8);
        }

        Sink(int expected) {
            values = new long[Math.max(expected, 1)];
        }

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return size == values.length ? values : java.util.Arrays.copyOf(values, size);
        }
    }

    /**
     * Allocates {@code byteLength} bytes with the guest's realloc; {@code what} (a string, or a type,
     * described only if a trap names it) says what the memory is for.
     */
    int allocate(int alignment, long byteLength, Object what) {
        if (byteLength > Lifter.MAX_LIST_BYTE_LENGTH) {
            throw Traps.trap(GuestMemory.name(what) + " of " + byteLength + " bytes is too large to pass to a guest");
        }
        Realloc realloc = options.realloc();
        if (realloc == null) {
            throw Traps.trap("the guest exports no cabi_realloc, which passing " + GuestMemory.name(what) + " needs");
        }
        int ptr = realloc.realloc(0, 0, alignment, (int) byteLength);
        return memory().check(GuestMemory.unsigned(ptr), byteLength, alignment, "cabi_realloc's result for ", what);
    }

    // --- flat ---------------------------------------------------------------------------------

    void lowerFlat(WitType t, Object v, Sink out) {
        switch (t) {
            case Primitive p -> lowerPrimitive(p, v, out);
            case ListType l -> {
                long[] range = storeListIntoRange(l, v);
                out.add(range[0]);
                out.add(range[1]);
            }
            case RecordType r -> {
                Map<?, ?> map = (Map<?, ?>) v;
                List<WitType.Field> fields = r.fields();
                for (int i = 0; i < fields.size(); i++) {
                    WitType.Field f = fields.get(i);
                    lowerFlat(f.type(), field(map, fields, i), out);
                }
            }
            case TupleType tu -> {
                List<?> list = (List<?>) v;
                for (int i = 0; i < tu.elements().size(); i++) {
                    lowerFlat(tu.elements().get(i), list.get(i), out);
                }
            }
            case FlagsType f -> out.add(packFlags(f, v) & 0xFFFF_FFFFL);
            case HandleType h -> out.add(lowerHandle(h, v));
            default -> lowerFlatVariant(t, v, out);
        }
    }

    private void lowerPrimitive(Primitive p, Object v, Sink out) {
        switch (p) {
            // 32-bit values travel as their low 32 bits
            case BOOL -> out.add(((Boolean) v) ? 1 : 0);
            case S8, U8, S16, U16, S32 -> out.add(((Number) v).intValue() & 0xFFFF_FFFFL);
            case U32 -> out.add(((Number) v).longValue() & 0xFFFF_FFFFL);
            case S64, U64 -> out.add(((Number) v).longValue());
            case F32 -> out.add(Float.floatToRawIntBits(((Number) v).floatValue()) & 0xFFFF_FFFFL);
            case F64 -> out.add(Double.doubleToRawLongBits(((Number) v).doubleValue()));
            case CHAR -> out.add(((String) v).codePointAt(0));
            case STRING -> {
                long[] range = storeStringIntoRange((String) v);
                out.add(range[0]);
                out.add(range[1]);
            }
        }
    }

    private void lowerFlatVariant(WitType t, Object v, Sink out) {
        List<Case> cases = Layout.cases(t);
        int index = caseIndex(t, cases, v);
        List<ValType> want = Layout.flatten(t);
        out.add(index);
        Case c = cases.get(index);
        int written = 1;
        if (c.type() != null) {
            Sink payload = new Sink();
            lowerFlat(c.type(), payloadOf(t, v), payload);
            List<ValType> have = Layout.flatten(c.type());
            for (int i = 0; i < payload.size; i++) {
                long x = payload.values[i];
                // widen an i32/f32 payload into a joined i64 slot with zero extension
                if (want.get(written).equals(ValType.I64)
                        && (have.get(i).equals(ValType.I32) || have.get(i).equals(ValType.F32))) {
                    x &= 0xFFFF_FFFFL;
                }
                out.add(x);
                written++;
            }
        }
        for (; written < want.size(); written++) {
            out.add(0);
        }
    }

    // --- memory -------------------------------------------------------------------------------

    /** Stores at a pointer already checked for bounds and alignment. */
    void store(WitType t, Object v, int ptr) {
        GuestMemory m = memory();
        switch (t) {
            case Primitive p -> {
                switch (p) {
                    case BOOL -> m.putU8(ptr, ((Boolean) v) ? 1 : 0);
                    case S8, U8 -> m.putU8(ptr, ((Number) v).intValue());
                    case S16, U16 -> m.putU16(ptr, ((Number) v).intValue());
                    case S32 -> m.putI32(ptr, ((Number) v).intValue());
                    case U32 -> m.putI32(ptr, (int) ((Number) v).longValue());
                    case S64, U64 -> m.putI64(ptr, ((Number) v).longValue());
                    case F32 -> m.putI32(ptr, Float.floatToRawIntBits(((Number) v).floatValue()));
                    case F64 -> m.putI64(ptr, Double.doubleToRawLongBits(((Number) v).doubleValue()));
                    case CHAR -> m.putI32(ptr, ((String) v).codePointAt(0));
                    case STRING -> {
                        long[] range = storeStringIntoRange((String) v);
                        m.putI32(ptr, (int) range[0]);
                        m.putI32(ptr + 4, (int) range[1]);
                    }
                }
            }
            case ListType l -> {
                long[] range = storeListIntoRange(l, v);
                m.putI32(ptr, (int) range[0]);
                m.putI32(ptr + 4, (int) range[1]);
            }
            case RecordType r -> {
                Map<?, ?> map = (Map<?, ?>) v;
                List<WitType.Field> fields = r.fields();
                int[] offsets = Layout.offsets(r);
                for (int i = 0; i < offsets.length; i++) {
                    store(fields.get(i).type(), field(map, fields, i), ptr + offsets[i]);
                }
            }
            case TupleType tu -> storeTuple(tu, (List<?>) v, ptr);
            case FlagsType f -> {
                m.putUint(ptr, Layout.flagsSize(f), packFlags(f, v));
            }
            case HandleType h -> m.putI32(ptr, lowerHandle(h, v));
            default -> {
                List<Case> cases = Layout.cases(t);
                int index = caseIndex(t, cases, v);
                int discSize = Layout.discriminantSize(cases.size());
                m.putUint(ptr, discSize, index);
                Case c = cases.get(index);
                if (c.type() != null) {
                    store(c.type(), payloadOf(t, v), ptr + Layout.payloadOffset(t));
                }
            }
        }
    }

    void storeTuple(TupleType tuple, List<?> values, int ptr) {
        List<WitType> elements = tuple.elements();
        int[] offsets = Layout.offsets(tuple);
        for (int i = 0; i < offsets.length; i++) {
            store(elements.get(i), values.get(i), ptr + offsets[i]);
        }
    }

    /** Allocates and fills a list; returns {ptr, length}. An empty list allocates nothing. */
    long[] storeListIntoRange(ListType l, Object v) {
        WitType elem = l.element();
        int elemSize = Layout.size(elem);
        if (v instanceof byte[] bytes) {
            if (bytes.length == 0) {
                return new long[] {Layout.alignment(elem), 0};
            }
            int ptr = allocate(1, bytes.length, l);
            memory().putBytes(ptr, bytes);
            return new long[] {ptr, bytes.length};
        }
        Collection<?> items = (Collection<?>) v;
        if (items.isEmpty()) {
            return new long[] {Layout.alignment(elem), 0};
        }
        int ptr = allocate(Layout.alignment(elem), (long) items.size() * elemSize, l);
        if (elem instanceof Primitive p && isBulkScalar(p)) {
            memory().putBytes(ptr, scalarBytes(p, items, elemSize));
            return new long[] {ptr, items.size()};
        }
        int p = ptr;
        for (Object item : items) {
            store(elem, item, p);
            p += elemSize;
        }
        return new long[] {ptr, items.size()};
    }

    /**
     * Allocates and fills a string in the guest's encoding; returns {ptr, tagged code units}. The
     * host knows the whole string up front, so it sizes the allocation exactly instead of the spec's
     * speculative realloc sequence. An empty string allocates nothing.
     */
    long[] storeStringIntoRange(String s) {
        if (s.isEmpty()) {
            return new long[] {options.encoding() == StringEncoding.UTF8 ? 1 : 2, 0};
        }
        switch (options.encoding()) {
            case UTF8 -> {
                byte[] bytes = utf8(s);
                int ptr = allocate(1, bytes.length, "a string");
                memory().putBytes(ptr, bytes);
                return new long[] {ptr, bytes.length};
            }
            case UTF16 -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_16LE);
                int ptr = allocate(2, bytes.length, "a string");
                memory().putBytes(ptr, bytes);
                return new long[] {ptr, bytes.length / 2};
            }
            default -> {
                if (fitsLatin1(s)) {
                    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
                    int ptr = allocate(2, bytes.length, "a string");
                    memory().putBytes(ptr, bytes);
                    return new long[] {ptr, bytes.length};
                }
                byte[] bytes = s.getBytes(StandardCharsets.UTF_16LE);
                int ptr = allocate(2, bytes.length, "a string");
                memory().putBytes(ptr, bytes);
                return new long[] {ptr, (bytes.length / 2) | 0x8000_0000L};
            }
        }
    }

    /** Numbers and bools, whose lists are copied into guest memory in one write. */
    static boolean isBulkScalar(Primitive p) {
        return p != Primitive.CHAR && p != Primitive.STRING && p != Primitive.U8;
    }

    private static byte[] scalarBytes(Primitive p, Collection<?> items, int elemSize) {
        ByteBuffer b = ByteBuffer.allocate(items.size() * elemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (Object item : items) {
            switch (p) {
                case BOOL -> b.put((byte) (((Boolean) item) ? 1 : 0));
                case S8 -> b.put((byte) ((Number) item).intValue());
                case S16, U16 -> b.putShort((short) ((Number) item).intValue());
                case S32 -> b.putInt(((Number) item).intValue());
                case U32 -> b.putInt((int) ((Number) item).longValue());
                case S64, U64 -> b.putLong(((Number) item).longValue());
                case F32 -> b.putInt(Float.floatToRawIntBits(((Number) item).floatValue()));
                case F64 -> b.putLong(Double.doubleToRawLongBits(((Number) item).doubleValue()));
                default -> throw new IllegalStateException(p + " is not a bulk scalar");
            }
        }
        return b.array();
    }

    /**
     * UTF-8 of a host string. {@code getBytes} is the fast path, but it replaces a lone surrogate
     * with '?': only a result holding a '?' needs the check that the string can be encoded at all.
     */
    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == '?') {
                rejectLoneSurrogates(s);
                break;
            }
        }
        return bytes;
    }

    private static void rejectLoneSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        "a string with a lone surrogate at index " + i + " cannot be encoded as UTF-8");
            }
        }
    }

    private static boolean fitsLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    // --- shared -------------------------------------------------------------------------------

    static int packFlags(FlagsType f, Object v) {
        Collection<?> set = (Collection<?>) v;
        int bits = 0;
        List<String> labels = f.flags();
        for (int i = 0; i < labels.size(); i++) {
            if (set.contains(labels.get(i))) {
                bits |= 1 << i;
            }
        }
        return bits;
    }

    /**
     * A handle the host passes: a {@link ResourceHandle} names an index in the instance's table (a
     * borrow of a resource the guest defines passes its representation, as the spec prescribes);
     * any other value is a host object, which gets a fresh handle (a borrow one counted in the call).
     */
    private int lowerHandle(HandleType h, Object v) {
        return lowerHandle(options, h, v);
    }

    /** {@link #lowerHandle(HandleType, Object)} without a lowerer (a handle needs only the table). */
    static int lowerHandle(CanonicalOptions options, HandleType h, Object v) {
        ResourceTables tables = options.resources();
        if (tables == null) {
            throw new IllegalStateException("no handle table to lower " + h.describe() + " into");
        }
        if (v instanceof ResourceHandle rh) {
            ResourceTables.Handle e = tables.handle(rh.handle());
            if (!h.own() && e.kind() != null && e.kind().guestDefined()) {
                return e.rep();
            }
            return rh.handle();
        }
        if (v == null) {
            throw new NullPointerException("no resource for " + h.describe());
        }
        return h.own() ? tables.addHost(h.resource(), v, true) : tables.lowerBorrow(h.resource(), v);
    }

    static int caseIndex(WitType t, List<Case> cases, Object v) {
        return switch (t) {
            case VariantType vt -> indexOf(t, cases, ((VariantValue) v).caseName());
            case EnumType e -> indexOf(t, cases, (String) v);
            case OptionType o -> v == null ? 0 : 1;
            case ResultType r -> ((ResultValue) v).ok() ? 0 : 1;
            default -> throw new IllegalStateException(t.describe() + " is not a variant");
        };
    }

    private static int indexOf(WitType t, List<Case> cases, String name) {
        for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a case of " + t.describe());
    }

    static Object payloadOf(WitType t, Object v) {
        return switch (t) {
            case VariantType vt -> ((VariantValue) v).payload();
            case OptionType o -> v;
            case ResultType r -> ((ResultValue) v).value();
            default -> null;
        };
    }
}
