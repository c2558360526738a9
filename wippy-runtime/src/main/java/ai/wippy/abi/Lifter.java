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
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lifting: guest values (flat core values and linear memory) to canonical host values. Everything
 * read is untrusted: pointers, lengths, discriminants, chars, UTF-8/UTF-16 and handles are
 * validated, and violations trap.
 */
final class Lifter {

    static final long MAX_STRING_BYTE_LENGTH = (1L << 28) - 1;
    static final long MAX_LIST_BYTE_LENGTH = (1L << 28) - 1;

    /**
     * What one element of a list other than {@code list<u8>} is charged at least: its host object
     * (a boxed number, a map, a list) costs more than its bytes in guest memory, and elements of
     * zero size cost something too.
     */
    static final long ELEMENT_COST = 16;

    private final CanonicalOptions options;
    private GuestMemory memory;
    private long allocated;

    Lifter(CanonicalOptions options) {
        this.options = options;
    }

    /**
     * Charges {@code bytes} about to be allocated for {@code what} against the call's lifting limit,
     * before allocating them: many lists in a small memory can point at the same bytes, so bounds
     * checks alone do not bound what lifting them allocates.
     */
    /**
     * Adds {@code bytes} to what this call has lifted; false when that passes the call's budget (the
     * caller then throws {@link #overBudget}, so the message is only built when it is needed).
     */
    private boolean charge(long bytes) {
        allocated += bytes;
        return bytes >= 0 && allocated <= options.maxLiftBytes();
    }

    private RuntimeException overBudget(long bytes, String what) {
        return Traps.trap("lifting " + what + " would take the values of this call past the limit of "
                + options.maxLiftBytes() + " bytes (" + (allocated - bytes) + " bytes lifted before it)");
    }

    GuestMemory memory() {
        if (memory == null) {
            memory = new GuestMemory(options.memory());
        }
        return memory;
    }

    // --- flat ---------------------------------------------------------------------------------

    /** A source of flat core values. */
    interface Source {
        long next(ValType want);
    }

    /** Reads flat values in order; the core types already match (the engine checked them). */
    static final class Flat implements Source {
        private final long[] values;
        private int i;

        Flat(long[] values) {
            this.values = values;
        }

        /** Reads from {@code values[start]} on (a parameter's flat values inside all of them). */
        Flat(long[] values, int start) {
            this.values = values;
            this.i = start;
        }

        @Override
        public long next(ValType want) {
            if (i >= values.length) {
                throw Traps.trap("expected more flat values than the " + values.length + " given");
            }
            return values[i++];
        }
    }

    Object liftFlat(WitType t, Source src) {
        return switch (t) {
            case Primitive p -> liftPrimitive(p, src);
            case ListType l -> {
                long ptr = GuestMemory.unsigned((int) src.next(ValType.I32));
                long len = GuestMemory.unsigned((int) src.next(ValType.I32));
                yield loadListFromRange(l, ptr, len);
            }
            case RecordType r -> {
                List<WitType.Field> fields = r.fields();
                Object[] values = new Object[fields.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = liftFlat(fields.get(i).type(), src);
                }
                yield new FieldValues(fields, values);
            }
            case TupleType tu -> {
                List<Object> out = new ArrayList<>(tu.elements().size());
                for (WitType e : tu.elements()) {
                    out.add(liftFlat(e, src));
                }
                yield out;
            }
            case FlagsType f -> unpackFlags(f, (int) src.next(ValType.I32));
            case HandleType h -> liftHandle(h, (int) src.next(ValType.I32));
            default -> liftFlatVariant(t, src);
        };
    }

    private Object liftPrimitive(Primitive p, Source src) {
        return switch (p) {
            case BOOL -> (int) src.next(ValType.I32) != 0;
            case S8 -> (int) (byte) src.next(ValType.I32);
            case U8 -> (int) src.next(ValType.I32) & 0xFF;
            case S16 -> (int) (short) src.next(ValType.I32);
            case U16 -> (int) src.next(ValType.I32) & 0xFFFF;
            case S32 -> (int) src.next(ValType.I32);
            case U32 -> src.next(ValType.I32) & 0xFFFF_FFFFL;
            case S64 -> src.next(ValType.I64);
            case U64 -> u64(src.next(ValType.I64));
            case F32 -> f32((int) src.next(ValType.F32));
            case F64 -> f64(src.next(ValType.F64));
            case CHAR -> toChar((int) src.next(ValType.I32));
            case STRING -> {
                long ptr = GuestMemory.unsigned((int) src.next(ValType.I32));
                long units = GuestMemory.unsigned((int) src.next(ValType.I32));
                yield loadStringFromRange(ptr, units);
            }
        };
    }

    private Object liftFlatVariant(WitType t, Source src) {
        List<Case> cases = Layout.cases(t);
        List<ValType> flat = Layout.flatten(t);
        long disc = GuestMemory.unsigned((int) src.next(ValType.I32));
        if (disc >= cases.size()) {
            throw badDiscriminant(t, disc, cases.size());
        }
        Case c = cases.get((int) disc);
        int[] pos = {1};
        // The payload was flattened to the joined types of all cases: read those and reinterpret.
        Source coerce = want -> {
            ValType have = flat.get(pos[0]++);
            long x = src.next(have);
            return x; // bit patterns are carried in a long; narrowing happens where the value is used
        };
        Object payload = c.type() == null ? null : liftFlat(c.type(), coerce);
        while (pos[0] < flat.size()) {
            src.next(flat.get(pos[0]++));
        }
        return caseValue(t, c, payload);
    }

    // --- memory -------------------------------------------------------------------------------

    /** Loads a value at a pointer already checked for bounds and alignment. */
    Object load(WitType t, int ptr) {
        GuestMemory m = memory();
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL -> m.u8(ptr) != 0;
                    case S8 -> (int) (byte) m.u8(ptr);
                    case U8 -> m.u8(ptr);
                    case S16 -> (int) (short) m.u16(ptr);
                    case U16 -> m.u16(ptr);
                    case S32 -> m.i32(ptr);
                    case U32 -> GuestMemory.unsigned(m.i32(ptr));
                    case S64 -> m.i64(ptr);
                    case U64 -> u64(m.i64(ptr));
                    case F32 -> f32(m.i32(ptr));
                    case F64 -> f64(m.i64(ptr));
                    case CHAR -> toChar(m.i32(ptr));
                    case STRING ->
                        loadStringFromRange(GuestMemory.unsigned(m.i32(ptr)), GuestMemory.unsigned(m.i32(ptr + 4)));
                };
            case ListType l ->
                loadListFromRange(l, GuestMemory.unsigned(m.i32(ptr)), GuestMemory.unsigned(m.i32(ptr + 4)));
            case RecordType r -> {
                List<WitType.Field> fields = r.fields();
                int[] offsets = Layout.offsets(r);
                Object[] values = new Object[offsets.length];
                for (int i = 0; i < offsets.length; i++) {
                    values[i] = load(fields.get(i).type(), ptr + offsets[i]);
                }
                yield new FieldValues(fields, values);
            }
            case TupleType tu -> loadTuple(tu, ptr);
            case FlagsType f -> {
                yield unpackFlags(f, (int) m.uint(ptr, Layout.flagsSize(f)));
            }
            case HandleType h -> liftHandle(h, m.i32(ptr));
            default -> {
                List<Case> cases = Layout.cases(t);
                int discSize = Layout.discriminantSize(cases.size());
                long disc = m.uint(ptr, discSize);
                if (disc >= cases.size()) {
                    throw badDiscriminant(t, disc, cases.size());
                }
                Case c = cases.get((int) disc);
                int payloadPtr = ptr + Layout.payloadOffset(t);
                yield caseValue(t, c, c.type() == null ? null : load(c.type(), payloadPtr));
            }
        };
    }

    List<Object> loadTuple(TupleType tuple, int ptr) {
        List<WitType> elements = tuple.elements();
        int[] offsets = Layout.offsets(tuple);
        List<Object> out = new ArrayList<>(elements.size());
        for (int i = 0; i < offsets.length; i++) {
            out.add(load(elements.get(i), ptr + offsets[i]));
        }
        return out;
    }

    /**
     * Checks the list at [ptr, ptr + length elements) before anything of it is read: its byte length
     * against the limit, its range and alignment against memory, and what lifting it costs against
     * the call's budget ({@code packed}: its elements become an array of its bytes, not objects).
     * Returns the checked base pointer.
     */
    int listBase(ListType l, long ptr, long length, boolean packed) {
        WitType elem = l.element();
        long elemSize = Layout.size(elem);
        long bytes = length * elemSize;
        if (bytes > MAX_LIST_BYTE_LENGTH) {
            throw Traps.trap(l.describe() + " of " + length + " elements (" + bytes + " bytes) exceeds the limit of "
                    + MAX_LIST_BYTE_LENGTH + " bytes");
        }
        int base = memory().check(ptr, bytes, Layout.alignment(elem), l);
        if (packed) {
            if (!charge(bytes)) {
                throw overBudget(
                        bytes,
                        l.describe() + " of "
                                + (l.isBytes() ? length + " bytes" : length + " elements (" + bytes + " bytes)"));
            }
        } else {
            long cost = length * Math.max(elemSize, ELEMENT_COST);
            if (!charge(cost)) {
                throw overBudget(cost, l.describe() + " of " + length + " elements");
            }
        }
        if (length > Integer.MAX_VALUE) {
            throw Traps.trap(l.describe() + " of " + length + " elements has more than a host list can hold");
        }
        return base;
    }

    Object loadListFromRange(ListType l, long ptr, long length) {
        WitType elem = l.element();
        long elemSize = Layout.size(elem);
        int base = listBase(l, ptr, length, l.isBytes());
        int bytes = (int) (length * elemSize);
        if (l.isBytes()) {
            return memory().bytes(base, bytes);
        }
        if (elem instanceof Primitive p && Lowerer.isBulkScalar(p)) {
            return loadScalars(p, base, (int) length, bytes);
        }
        List<Object> out = new ArrayList<>((int) length);
        for (int i = 0; i < length; i++) {
            out.add(load(elem, base + i * (int) elemSize));
        }
        return out;
    }

    /** A list of numbers or bools, read from memory in one copy (the range is already checked). */
    List<Object> loadScalars(Primitive p, int base, int length, int bytes) {
        ByteBuffer b = ByteBuffer.wrap(memory().bytes(base, bytes)).order(ByteOrder.LITTLE_ENDIAN);
        List<Object> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(
                    switch (p) {
                        case BOOL -> b.get(i) != 0;
                        case S8 -> (int) b.get(i);
                        case S16 -> (int) b.getShort(2 * i);
                        case U16 -> b.getShort(2 * i) & 0xFFFF;
                        case S32 -> b.getInt(4 * i);
                        case U32 -> GuestMemory.unsigned(b.getInt(4 * i));
                        case S64 -> b.getLong(8 * i);
                        case U64 -> u64(b.getLong(8 * i));
                        case F32 -> f32(b.getInt(4 * i));
                        case F64 -> f64(b.getLong(8 * i));
                        default -> throw new IllegalStateException(p + " is not a bulk scalar");
                    });
        }
        return out;
    }

    String loadStringFromRange(long ptr, long taggedUnits) {
        int alignment;
        long byteLength;
        Charset charset;
        switch (options.encoding()) {
            case UTF8 -> {
                alignment = 1;
                byteLength = taggedUnits;
                charset = StandardCharsets.UTF_8;
            }
            case UTF16 -> {
                alignment = 2;
                byteLength = 2 * taggedUnits;
                charset = StandardCharsets.UTF_16LE;
            }
            default -> {
                alignment = 2;
                if ((taggedUnits & 0x8000_0000L) != 0) {
                    byteLength = 2 * (taggedUnits ^ 0x8000_0000L);
                    charset = StandardCharsets.UTF_16LE;
                } else {
                    byteLength = taggedUnits;
                    charset = StandardCharsets.ISO_8859_1;
                }
            }
        }
        if (byteLength > MAX_STRING_BYTE_LENGTH) {
            throw Traps.trap("string of " + byteLength + " bytes exceeds the limit of " + MAX_STRING_BYTE_LENGTH);
        }
        int base = memory().check(ptr, byteLength, alignment, "string");
        if (!charge(byteLength)) {
            throw overBudget(byteLength, "a string of " + byteLength + " bytes");
        }
        byte[] raw = memory().bytes(base, (int) byteLength);
        if (charset != StandardCharsets.UTF_16LE && isAscii(raw)) {
            return new String(raw, StandardCharsets.ISO_8859_1); // fast path: ASCII is valid everywhere
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Traps.trap("string at " + ptr + " is not valid " + charset.name() + " (" + e.getMessage() + ")");
        }
    }

    private static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    // --- shared -------------------------------------------------------------------------------

    static Object u64(long v) {
        return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
    }

    static Float f32(int bits) {
        float f = Float.intBitsToFloat(bits);
        return Float.isNaN(f) ? Float.NaN : f;
    }

    static Double f64(long bits) {
        double d = Double.longBitsToDouble(bits);
        return Double.isNaN(d) ? Double.NaN : d;
    }

    static String toChar(int cp) {
        if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw Traps.trap("char " + Integer.toUnsignedString(cp) + " is not a Unicode scalar value");
        }
        return new String(Character.toChars(cp));
    }

    static Set<String> unpackFlags(FlagsType f, int bits) {
        Set<String> out = new LinkedHashSet<>();
        List<String> labels = f.flags();
        for (int i = 0; i < labels.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(labels.get(i));
            }
        }
        return out;
    }

    /**
     * A handle the guest passed: checked in the instance's table (live, owned for {@code own}, a
     * borrow is lent for the call); the host receives the index (see {@link ResourceTables}).
     */
    Object liftHandle(HandleType h, int index) {
        ResourceTables tables = options.resources();
        if (tables == null) {
            throw Traps.trap("no handle table for " + h.describe());
        }
        tables.lift(h.resource(), index, h.own());
        return new ResourceHandle(h.resource(), index, h.own());
    }

    static Object caseValue(WitType t, Case c, Object payload) {
        return switch (t) {
            case VariantType v -> new VariantValue(c.name(), payload);
            case EnumType e -> c.name();
            case OptionType o -> c.name().equals("none") ? null : payload;
            case ResultType r -> new ResultValue(c.name().equals("ok"), payload);
            default -> throw new IllegalStateException(t.describe() + " is not a variant");
        };
    }

    private static RuntimeException badDiscriminant(WitType t, long disc, int cases) {
        return Traps.trap("discriminant " + disc + " of " + t.describe() + " is out of range (" + cases + " cases)");
    }
}
