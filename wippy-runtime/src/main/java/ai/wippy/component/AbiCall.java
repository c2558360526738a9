package ai.wippy.component;

import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.*;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.ValType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One crossing of the canonical ABI: lifts values out of and lowers them into the guest memory
 * named by the canonical options (strings in UTF-8, UTF-16 or latin1+utf16, lists, records,
 * variants, handles), and to and from flat core values.
 */
final class AbiCall {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /**
     * What one element of a list other than {@code list<u8>} is charged at least: its host object
     * costs more than its bytes in guest memory, and elements of zero size cost something too.
     */
    static final long ELEMENT_COST = 16;

    final CanonOptions o;
    private long lifted;

    AbiCall(CanonOptions o) {
        this.o = o;
    }

    /**
     * Charges {@code bytes} about to be allocated for {@code what} against the crossing's lifting
     * limit, before allocating them: lists in a small memory can all point at the same bytes, so
     * bounds checks alone do not bound what lifting them allocates.
     */
    private void charge(long bytes, String what) {
        lifted += bytes;
        if (lifted > o.maxLiftBytes()) {
            throw new ComponentTrap("lifting " + what + " would take the values of this call past the limit of "
                    + o.maxLiftBytes() + " bytes (" + (lifted - bytes) + " bytes lifted before it)");
        }
    }

    Memory memory() {
        if (o.memory() == null) {
            throw new ComponentTrap("the canonical options name no memory, but the value needs one");
        }
        return o.memory();
    }

    int alloc(int align, int size) {
        if (o.realloc() == null) {
            throw new ComponentTrap("the canonical options name no realloc, but the value needs one");
        }
        long[] r = o.realloc().call(0, 0, align, size);
        int ptr = (int) r[0];
        if (Integer.remainderUnsigned(ptr, align) != 0) {
            throw new ComponentTrap(
                    "cabi_realloc returned " + Integer.toUnsignedString(ptr) + ", not aligned to " + align);
        }
        check(ptr, size);
        return ptr;
    }

    void check(int ptr, long size) {
        long end = Integer.toUnsignedLong(ptr) + size;
        long limit = (long) memory().pages() * 65536L;
        if (end > limit) {
            throw new ComponentTrap("out of bounds: " + Integer.toUnsignedString(ptr) + "+" + size
                    + " exceeds the guest memory of " + limit + " bytes");
        }
    }

    // ---- lifting (guest to host) ----

    Object liftFlat(WitType t, FlatValues.Reader r) {
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case STRING -> loadString((int) r.next(), (int) r.next());
                    default -> primitive(p, r.next());
                };
            case ListType l -> loadList(l, (int) r.next(), (int) r.next());
            case RecordType rec -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Field f : rec.fields()) {
                    m.put(f.name(), liftFlat(f.type(), r));
                }
                yield m;
            }
            case TupleType tt -> {
                List<Object> out = new ArrayList<>();
                for (WitType e : tt.elements()) {
                    out.add(liftFlat(e, r));
                }
                yield out;
            }
            case VariantType v -> {
                int disc = (int) r.next();
                if (disc < 0 || disc >= v.cases().size()) {
                    throw new ComponentTrap("variant discriminant " + disc + " out of range for " + v.describe());
                }
                Case c = v.cases().get(disc);
                yield new VariantValue(c.name(), liftCase(c.type(), AbiLayout.caseTypes(v), r));
            }
            case EnumType e -> enumCase(e, (int) r.next());
            case FlagsType f -> flags(f, (int) r.next());
            case OptionType opt -> {
                int disc = (int) r.next();
                if (disc != 0 && disc != 1) {
                    throw new ComponentTrap("option discriminant " + disc + " is not 0 or 1");
                }
                Object v = liftCase(disc == 1 ? opt.inner() : null, AbiLayout.optionCases(opt), r);
                yield disc == 1 ? v : null;
            }
            case ResultType res -> {
                int disc = (int) r.next();
                if (disc != 0 && disc != 1) {
                    throw new ComponentTrap("result discriminant " + disc + " is not 0 or 1");
                }
                Object v = liftCase(disc == 0 ? res.ok() : res.err(), AbiLayout.resultCases(res), r);
                yield new ResultValue(disc == 0, v);
            }
            case HandleType h -> new ResourceHandle(h.resource(), (int) r.next(), h.own());
        };
    }

    /** Reads one case's payload out of the joined slots, then skips the slots it does not use. */
    private Object liftCase(WitType caseType, List<WitType> cases, FlatValues.Reader r) {
        int slots = AbiLayout.variantPayloadFlat(cases).size();
        int start = r.i;
        Object v = null;
        if (caseType != null) {
            List<ValType> want = AbiLayout.flatten(caseType);
            long[] narrowed = new long[want.size()];
            for (int k = 0; k < want.size(); k++) {
                long x = r.values[start + k];
                narrowed[k] = want.get(k).equals(ValType.I64) || want.get(k).equals(ValType.F64) ? x : x & 0xffffffffL;
            }
            v = liftFlat(caseType, new FlatValues.Reader(narrowed, want));
        }
        r.i = start + slots;
        return v;
    }

    Object primitive(Primitive p, long x) {
        return switch (p) {
            case BOOL -> (int) x != 0;
            case S8 -> (int) (byte) x;
            case U8 -> (int) x & 0xff;
            case S16 -> (int) (short) x;
            case U16 -> (int) x & 0xffff;
            case S32 -> (int) x;
            case U32 -> x & 0xffffffffL;
            case S64 -> x;
            case U64 -> x >= 0 ? (Object) x : BigInteger.valueOf(x).add(TWO_64);
            case F32 -> Float.intBitsToFloat((int) x);
            case F64 -> Double.longBitsToDouble(x);
            case CHAR -> {
                int cp = (int) x;
                if (cp < 0 || cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw new ComponentTrap("invalid char code point " + Integer.toUnsignedString(cp));
                }
                yield new String(Character.toChars(cp));
            }
            case STRING -> throw new IllegalStateException("strings are not scalar");
        };
    }

    String enumCase(EnumType e, int disc) {
        if (disc < 0 || disc >= e.cases().size()) {
            throw new ComponentTrap("enum discriminant " + disc + " out of range for " + e.describe());
        }
        return e.cases().get(disc);
    }

    Set<String> flags(FlagsType f, int bits) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < f.flags().size(); i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(f.flags().get(i));
            }
        }
        return out;
    }

    String loadString(int ptr, int taggedLen) {
        int encoding = o.encoding();
        boolean utf16 = encoding == 1;
        int units = taggedLen;
        if (encoding == 2) {
            utf16 = (taggedLen & 0x8000_0000) != 0;
            units = taggedLen & 0x7fff_ffff;
        }
        long bytes = utf16 ? 2L * Integer.toUnsignedLong(units) : Integer.toUnsignedLong(units);
        if (utf16 && (ptr & 1) != 0) {
            throw new ComponentTrap("misaligned UTF-16 string pointer " + Integer.toUnsignedString(ptr));
        }
        check(ptr, bytes);
        charge(bytes, "a string of " + bytes + " bytes");
        byte[] raw = memory().readBytes(ptr, (int) bytes);
        try {
            var charset = utf16
                    ? StandardCharsets.UTF_16LE
                    : encoding == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ComponentTrap("the guest passed a string that is not valid " + (utf16 ? "UTF-16" : "UTF-8"));
        }
    }

    Object loadList(ListType l, int ptr, int len) {
        WitType el = l.element();
        int size = AbiLayout.size(el);
        int align = AbiLayout.alignment(el);
        if (Integer.remainderUnsigned(ptr, align) != 0) {
            throw new ComponentTrap("misaligned list pointer " + Integer.toUnsignedString(ptr));
        }
        long length = Integer.toUnsignedLong(len);
        check(ptr, size * length);
        if (l.isBytes()) {
            charge(length, l.describe() + " of " + length + " bytes");
            return memory().readBytes(ptr, len);
        }
        charge(length * Math.max(size, ELEMENT_COST), l.describe() + " of " + length + " elements");
        if (length > Integer.MAX_VALUE) {
            throw new ComponentTrap(l.describe() + " of " + length + " elements has more than a host list can hold");
        }
        List<Object> out = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
            out.add(load(el, ptr + i * size));
        }
        return out;
    }

    Object load(WitType t, int ptr) {
        check(ptr, AbiLayout.size(t));
        Memory m = memory();
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL -> m.read(ptr) != 0;
                    case S8 -> (int) m.read(ptr);
                    case U8 -> m.read(ptr) & 0xff;
                    case S16 -> (int) m.readShort(ptr);
                    case U16 -> m.readShort(ptr) & 0xffff;
                    case S32 -> m.readInt(ptr);
                    case U32 -> m.readInt(ptr) & 0xffffffffL;
                    case S64 -> m.readLong(ptr);
                    case U64 -> primitive(p, m.readLong(ptr));
                    case F32 -> m.readFloat(ptr);
                    case F64 -> m.readDouble(ptr);
                    case CHAR -> primitive(p, m.readInt(ptr));
                    case STRING -> loadString(m.readInt(ptr), m.readInt(ptr + 4));
                };
            case ListType l -> loadList(l, m.readInt(ptr), m.readInt(ptr + 4));
            case RecordType rec -> {
                Map<String, Object> out = new LinkedHashMap<>();
                int off = 0;
                for (Field f : rec.fields()) {
                    off = AbiLayout.alignTo(off, AbiLayout.alignment(f.type()));
                    out.put(f.name(), load(f.type(), ptr + off));
                    off += AbiLayout.size(f.type());
                }
                yield out;
            }
            case TupleType tt -> {
                List<Object> out = new ArrayList<>();
                int off = 0;
                for (WitType e : tt.elements()) {
                    off = AbiLayout.alignTo(off, AbiLayout.alignment(e));
                    out.add(load(e, ptr + off));
                    off += AbiLayout.size(e);
                }
                yield out;
            }
            case VariantType v -> {
                List<WitType> cases = AbiLayout.caseTypes(v);
                int disc = loadDiscriminant(ptr, cases.size());
                if (disc < 0 || disc >= cases.size()) {
                    throw new ComponentTrap("variant discriminant " + disc + " out of range for " + v.describe());
                }
                WitType ct = cases.get(disc);
                int payload = ptr + AbiLayout.payloadOffset(cases.size(), cases);
                yield new VariantValue(v.cases().get(disc).name(), ct == null ? null : load(ct, payload));
            }
            case EnumType e -> enumCase(e, loadDiscriminant(ptr, e.cases().size()));
            case FlagsType f ->
                flags(
                        f,
                        switch (AbiLayout.flagsSize(f.flags().size())) {
                            case 1 -> m.read(ptr) & 0xff;
                            case 2 -> m.readShort(ptr) & 0xffff;
                            default -> m.readInt(ptr);
                        });
            case OptionType opt -> {
                List<WitType> cases = AbiLayout.optionCases(opt);
                int disc = loadDiscriminant(ptr, 2);
                if (disc != 0 && disc != 1) {
                    throw new ComponentTrap("option discriminant " + disc + " is not 0 or 1");
                }
                yield disc == 0 ? null : load(opt.inner(), ptr + AbiLayout.payloadOffset(2, cases));
            }
            case ResultType res -> {
                List<WitType> cases = AbiLayout.resultCases(res);
                int disc = loadDiscriminant(ptr, 2);
                if (disc != 0 && disc != 1) {
                    throw new ComponentTrap("result discriminant " + disc + " is not 0 or 1");
                }
                WitType ct = cases.get(disc);
                Object v = ct == null ? null : load(ct, ptr + AbiLayout.payloadOffset(2, cases));
                yield new ResultValue(disc == 0, v);
            }
            case HandleType h -> new ResourceHandle(h.resource(), m.readInt(ptr), h.own());
        };
    }

    int loadDiscriminant(int ptr, int cases) {
        return switch (AbiLayout.discriminantSize(cases)) {
            case 1 -> memory().read(ptr) & 0xff;
            case 2 -> memory().readShort(ptr) & 0xffff;
            default -> memory().readInt(ptr);
        };
    }

    // ---- lowering (host to guest) ----

    void lowerFlat(WitType t, Object v, FlatValues.Writer w) {
        switch (t) {
            case Primitive p -> {
                switch (p) {
                    case STRING -> {
                        int[] s = storeString((String) v);
                        w.put(s[0]);
                        w.put(s[1]);
                    }
                    case S64, U64 -> w.put(((Number) v).longValue());
                    case F32 -> w.put(Float.floatToRawIntBits((Float) v));
                    case F64 -> w.put(Double.doubleToRawLongBits((Double) v));
                    default -> w.put(scalar(p, v));
                }
            }
            case ListType l -> {
                int[] s = storeList(l, v);
                w.put(s[0]);
                w.put(s[1]);
            }
            case RecordType rec -> {
                Map<?, ?> m = (Map<?, ?>) v;
                for (Field f : rec.fields()) {
                    lowerFlat(f.type(), m.get(f.name()), w);
                }
            }
            case TupleType tt -> {
                List<?> l = (List<?>) v;
                for (int i = 0; i < tt.elements().size(); i++) {
                    lowerFlat(tt.elements().get(i), l.get(i), w);
                }
            }
            case VariantType vt -> {
                VariantValue vv = (VariantValue) v;
                int disc = caseIndex(vt, vv.caseName());
                w.put(disc);
                lowerCase(vt.cases().get(disc).type(), vv.payload(), AbiLayout.caseTypes(vt), w);
            }
            case EnumType e -> w.put(e.cases().indexOf((String) v));
            case FlagsType f -> w.put(flagBits(f, v));
            case OptionType opt -> {
                w.put(v == null ? 0 : 1);
                lowerCase(v == null ? null : opt.inner(), v, AbiLayout.optionCases(opt), w);
            }
            case ResultType res -> {
                ResultValue rv = (ResultValue) v;
                w.put(rv.ok() ? 0 : 1);
                lowerCase(rv.ok() ? res.ok() : res.err(), rv.value(), AbiLayout.resultCases(res), w);
            }
            case HandleType h -> w.put(handle(h, v));
        }
    }

    private void lowerCase(WitType caseType, Object payload, List<WitType> cases, FlatValues.Writer w) {
        List<ValType> joined = AbiLayout.variantPayloadFlat(cases);
        int start = w.i;
        if (caseType != null) {
            List<ValType> want = AbiLayout.flatten(caseType);
            FlatValues.Writer inner = new FlatValues.Writer(want);
            lowerFlat(caseType, payload, inner);
            for (int k = 0; k < want.size(); k++) {
                long x = inner.values[k];
                boolean wide = want.get(k).equals(ValType.I64) || want.get(k).equals(ValType.F64);
                w.values[start + k] = wide ? x : x & 0xffffffffL;
            }
        }
        w.i = start + joined.size();
    }

    long scalar(Primitive p, Object v) {
        return switch (p) {
            case BOOL -> (Boolean) v ? 1 : 0;
            case CHAR -> ((String) v).codePointAt(0);
            default -> ((Number) v).longValue();
        };
    }

    int handle(HandleType h, Object v) {
        ResourceHandle rh = (ResourceHandle) v;
        if (!h.own()) {
            InstanceResources.Entry e = o.resources().get((String) null, rh.handle());
            if (e.kind() != null && e.kind().guestDefined()) {
                return e.rep(); // a borrow of the callee's own resource arrives as its representation
            }
        }
        return rh.handle();
    }

    int caseIndex(VariantType vt, String name) {
        for (int i = 0; i < vt.cases().size(); i++) {
            if (vt.cases().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new ComponentTrap("no case '" + name + "' in " + vt.describe());
    }

    int flagBits(FlagsType f, Object v) {
        int bits = 0;
        for (Object name : (Set<?>) v) {
            bits |= 1 << f.flags().indexOf((String) name);
        }
        return bits;
    }

    int[] storeString(String s) {
        int encoding = o.encoding();
        byte[] bytes;
        int units;
        int align = 1;
        if (encoding == 1 || (encoding == 2 && !latin1(s))) {
            bytes = s.getBytes(StandardCharsets.UTF_16LE);
            units = bytes.length / 2 | (encoding == 2 ? 0x8000_0000 : 0);
            align = 2;
        } else if (encoding == 2) {
            bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            units = bytes.length;
        } else {
            try {
                ByteBuffer b = StandardCharsets.UTF_8
                        .newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(s));
                bytes = new byte[b.remaining()];
                b.get(bytes);
            } catch (CharacterCodingException e) {
                throw new ComponentTrap("string has a lone surrogate and cannot be encoded as UTF-8");
            }
            units = bytes.length;
        }
        if (bytes.length == 0) {
            return new int[] {align, units};
        }
        int ptr = alloc(align, bytes.length);
        memory().write(ptr, bytes);
        return new int[] {ptr, units};
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    int[] storeList(ListType l, Object v) {
        WitType el = l.element();
        int size = AbiLayout.size(el);
        int align = AbiLayout.alignment(el);
        if (v instanceof byte[] bytes) {
            if (bytes.length == 0) {
                return new int[] {align, 0};
            }
            int ptr = alloc(1, bytes.length);
            memory().write(ptr, bytes);
            return new int[] {ptr, bytes.length};
        }
        List<?> list = (List<?>) v;
        if (list.isEmpty()) {
            return new int[] {align, 0};
        }
        int ptr = alloc(align, size * list.size());
        for (int i = 0; i < list.size(); i++) {
            store(el, list.get(i), ptr + i * size);
        }
        return new int[] {ptr, list.size()};
    }

    void store(WitType t, Object v, int ptr) {
        check(ptr, AbiLayout.size(t));
        switch (t) {
            case Primitive p -> {
                Memory m = memory();
                switch (p) {
                    case BOOL, S8, U8 -> m.writeByte(ptr, (byte) scalar(p, v));
                    case S16, U16 -> m.writeShort(ptr, (short) scalar(p, v));
                    case S32, U32, CHAR -> m.writeI32(ptr, (int) scalar(p, v));
                    case S64, U64 -> m.writeLong(ptr, ((Number) v).longValue());
                    case F32 -> m.writeF32(ptr, (Float) v);
                    case F64 -> m.writeF64(ptr, (Double) v);
                    case STRING -> {
                        int[] s = storeString((String) v);
                        m.writeI32(ptr, s[0]);
                        m.writeI32(ptr + 4, s[1]);
                    }
                }
            }
            case ListType l -> {
                int[] s = storeList(l, v);
                memory().writeI32(ptr, s[0]);
                memory().writeI32(ptr + 4, s[1]);
            }
            case RecordType rec -> {
                Map<?, ?> m = (Map<?, ?>) v;
                int off = 0;
                for (Field f : rec.fields()) {
                    off = AbiLayout.alignTo(off, AbiLayout.alignment(f.type()));
                    store(f.type(), m.get(f.name()), ptr + off);
                    off += AbiLayout.size(f.type());
                }
            }
            case TupleType tt -> {
                List<?> l = (List<?>) v;
                int off = 0;
                for (int i = 0; i < tt.elements().size(); i++) {
                    WitType e = tt.elements().get(i);
                    off = AbiLayout.alignTo(off, AbiLayout.alignment(e));
                    store(e, l.get(i), ptr + off);
                    off += AbiLayout.size(e);
                }
            }
            case VariantType vt -> {
                VariantValue vv = (VariantValue) v;
                List<WitType> cases = AbiLayout.caseTypes(vt);
                int disc = caseIndex(vt, vv.caseName());
                storeDiscriminant(ptr, cases.size(), disc);
                WitType ct = cases.get(disc);
                if (ct != null) {
                    store(ct, vv.payload(), ptr + AbiLayout.payloadOffset(cases.size(), cases));
                }
            }
            case EnumType e ->
                storeDiscriminant(ptr, e.cases().size(), e.cases().indexOf((String) v));
            case FlagsType f -> {
                int bits = flagBits(f, v);
                switch (AbiLayout.flagsSize(f.flags().size())) {
                    case 1 -> memory().writeByte(ptr, (byte) bits);
                    case 2 -> memory().writeShort(ptr, (short) bits);
                    default -> memory().writeI32(ptr, bits);
                }
            }
            case OptionType opt -> {
                storeDiscriminant(ptr, 2, v == null ? 0 : 1);
                if (v != null) {
                    store(opt.inner(), v, ptr + AbiLayout.payloadOffset(2, AbiLayout.optionCases(opt)));
                }
            }
            case ResultType res -> {
                ResultValue rv = (ResultValue) v;
                storeDiscriminant(ptr, 2, rv.ok() ? 0 : 1);
                WitType ct = rv.ok() ? res.ok() : res.err();
                if (ct != null) {
                    store(ct, rv.value(), ptr + AbiLayout.payloadOffset(2, AbiLayout.resultCases(res)));
                }
            }
            case HandleType h -> memory().writeI32(ptr, handle(h, v));
        }
    }

    void storeDiscriminant(int ptr, int cases, int disc) {
        switch (AbiLayout.discriminantSize(cases)) {
            case 1 -> memory().writeByte(ptr, (byte) disc);
            case 2 -> memory().writeShort(ptr, (short) disc);
            default -> memory().writeI32(ptr, disc);
        }
    }
}
