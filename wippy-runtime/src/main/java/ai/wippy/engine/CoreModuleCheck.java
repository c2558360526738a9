package ai.wippy.engine;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * A light validating pass over a core module's structure, run before the bytes reach Chicory's parser,
 * which allocates what a length or a count claims before it checks the claim against the bytes that
 * are left (a data segment of 2 GiB in a 40-byte file is an {@link OutOfMemoryError} there). This pass
 * allocates nothing: it walks the sections, their vectors, names, constant expressions and segments,
 * and refuses any size or count that cannot fit in what remains. Whatever it lets through, the parser
 * and Chicory's validator still check; {@link #afterParse} checks what the parser reads loosely.
 *
 * <p>One file on purpose (over 500 lines): it is one grammar, the core binary format's sections,
 * walked by one cursor over the bytes, both by the check and by {@link #keepingBodies}, which copies
 * a module section by section with that cursor.
 */
final class CoreModuleCheck {

    /** Refused bytes; the message starts with the offset ("at byte 42 (0x2a): ..."). */
    static final class Malformed extends RuntimeException {
        Malformed(long offset, String problem) {
            super("at byte " + offset + " (0x" + Long.toHexString(offset) + "): " + problem);
        }
    }

    private static final String[] SECTIONS = {
        "custom",
        "type",
        "import",
        "function",
        "table",
        "memory",
        "global",
        "export",
        "start",
        "element",
        "code",
        "data",
        "data count",
        "tag"
    };

    private final byte[] b;
    private int pos;
    private int limit;
    private String where;
    /** Sizes of the index spaces seen so far: types, then functions, tables, memories, globals, tags. */
    private long types;

    private final long[] spaces = new long[5];

    /** Offsets of the names of malformed {@code name} sections. */
    private final java.util.List<Integer> badNameSections = new java.util.ArrayList<>();

    private static final String[] SPACES = {"function", "table", "memory", "global", "tag"};

    private CoreModuleCheck(byte[] bytes) {
        this.b = bytes;
        this.limit = bytes.length;
    }

    /** Checks the section structure of a core module, before it is parsed. */
    /**
     * Checks the section structure of a core module, before it is parsed, and returns the bytes to
     * parse: the same array, or a copy whose malformed {@code name} section is renamed so the parser
     * skips it (the specification says a malformed name section is ignored, not an error).
     */
    static byte[] beforeParse(byte[] bytes) {
        CoreModuleCheck check = new CoreModuleCheck(bytes);
        check.sections();
        if (check.badNameSections.isEmpty()) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        for (int at : check.badNameSections) {
            copy[at] = '-'; // "name" becomes "-ame", a custom section nobody reads
        }
        return copy;
    }

    /**
     * Checks what the parser reads loosely: a {@code br_table} whose target count does not fit in an
     * {@code int} is read by Chicory as having no targets at all, so the count written in the bytes is
     * compared with the targets the parser found.
     */
    static void afterParse(WasmModule module, byte[] bytes) {
        var code = module.codeSection();
        if (code == null) {
            return;
        }
        for (int f = 0; f < code.functionBodyCount(); f++) {
            FunctionBody body = code.getFunctionBody(f);
            for (Instruction ins : body.instructions()) {
                if (ins.opcode() != OpCode.BR_TABLE) {
                    continue;
                }
                int at = ins.address();
                if (at < 0 || at + 1 >= bytes.length) {
                    continue;
                }
                CoreModuleCheck c = new CoreModuleCheck(bytes);
                c.pos = at + 1;
                c.where = "code section, function body " + f;
                long claimed = c.u32("br_table target count");
                long found = ins.operands().length - 1L;
                if (claimed != found) {
                    throw new Malformed(
                            at,
                            "br_table in function body " + f + " claims " + claimed + " targets, but the body holds "
                                    + found);
                }
            }
        }
    }

    /** A function body of no locals whose code is {@code unreachable}: valid for every function type. */
    private static final byte[] TRAPPING_BODY = {0x03, 0x00, 0x00, 0x0b};

    /**
     * The bytes of a module (that passed {@link #beforeParse}) in which every function body whose
     * index in the code section is not in {@code kept} is replaced by one that traps ({@code
     * unreachable}); the kept bodies and every other section are copied as they are. For a module whose
     * other functions run as compiled classes that a compile of these same bytes made: the parser and
     * the validator then spend their time only on the bodies the interpreter runs.
     */
    static byte[] keepingBodies(byte[] bytes, java.util.BitSet kept) {
        CoreModuleCheck c = new CoreModuleCheck(bytes);
        var out = new java.io.ByteArrayOutputStream(bytes.length);
        out.write(bytes, 0, 8);
        c.pos = 8;
        while (c.pos < bytes.length) {
            int start = c.pos;
            c.limit = bytes.length;
            c.where = "section header";
            int id = bytes[c.pos++] & 0xff;
            long size = c.u32("section size");
            c.fits(size, "section");
            int end = c.pos + (int) size;
            if (id != 10) {
                out.write(bytes, start, end - start);
                c.pos = end;
                continue;
            }
            c.limit = end;
            c.where = "code section";
            var code = new java.io.ByteArrayOutputStream();
            int countAt = c.pos;
            long n = c.count("function bodies");
            code.write(bytes, countAt, c.pos - countAt);
            for (long i = 0; i < n; i++) {
                int bodyAt = c.pos;
                long bodySize = c.u32("function body size");
                c.fits(bodySize, "function body " + i);
                int bodyEnd = c.pos + (int) bodySize;
                if (kept.get((int) i)) {
                    code.write(bytes, bodyAt, bodyEnd - bodyAt);
                } else {
                    code.write(TRAPPING_BODY, 0, TRAPPING_BODY.length);
                }
                c.pos = bodyEnd;
            }
            // whatever follows the last body is the parser's to refuse, as in the original
            code.write(bytes, c.pos, end - c.pos);
            out.write(10);
            writeU32(out, code.size());
            out.writeBytes(code.toByteArray());
            c.pos = end;
        }
        return out.toByteArray();
    }

    private static void writeU32(java.io.ByteArrayOutputStream out, int value) {
        long v = value & 0xFFFF_FFFFL;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }

    private void sections() {
        if (b.length < 8) {
            throw new Malformed(0, "a core module has an 8-byte preamble; the file has " + b.length + " bytes");
        }
        pos = 8;
        while (pos < b.length) {
            int start = pos;
            limit = b.length;
            where = "section header";
            int id = b[pos++] & 0xff;
            long size = u32("section size");
            if (size > b.length - pos) {
                throw new Malformed(
                        start,
                        sectionName(id) + " section claims " + size + " bytes, but only " + (b.length - pos)
                                + " remain in the file");
            }
            int end = pos + (int) size;
            limit = end;
            where = sectionName(id) + " section";
            section(id);
            pos = end;
        }
    }

    private static String sectionName(int id) {
        return id < SECTIONS.length ? SECTIONS[id] : "unknown (id " + id + ")";
    }

    private void section(int id) {
        switch (id) {
            case 0 -> customSection();
            case 1 -> {
                long n = count("types");
                for (long i = 0; i < n; i++) {
                    recType();
                }
            }
            case 2 -> {
                long n = count("imports");
                for (long i = 0; i < n; i++) {
                    name("import module name");
                    name("import name");
                    importDesc();
                }
            }
            case 3 -> {
                long n = count("functions");
                for (long i = 0; i < n; i++) {
                    typeIndex("function " + (spaces[0] + i));
                }
                spaces[0] += n;
            }
            case 4 -> {
                long n = count("tables");
                spaces[1] += n;
                for (long i = 0; i < n; i++) {
                    int first = byteAt("table type");
                    if (first == 0x40) {
                        byteAt("table type");
                        valType(byteAt("table element type"));
                        limits();
                        constExpr("table initialiser");
                    } else {
                        valType(first);
                        limits();
                    }
                }
            }
            case 5 -> {
                long n = count("memories");
                spaces[2] += n;
                for (long i = 0; i < n; i++) {
                    limits();
                }
            }
            case 6 -> {
                long n = count("globals");
                spaces[3] += n;
                for (long i = 0; i < n; i++) {
                    valType(byteAt("global type"));
                    byteAt("global mutability");
                    constExpr("global initialiser");
                }
            }
            case 7 -> {
                long n = count("exports");
                for (long i = 0; i < n; i++) {
                    name("export name");
                    int kind = byteAt("export kind");
                    int at = pos;
                    long index = u32("export index");
                    if (kind < SPACES.length && index >= spaces[kind]) {
                        throw new Malformed(
                                at,
                                "export " + i + " names " + SPACES[kind] + " " + index + ", but the module has "
                                        + spaces[kind] + " " + SPACES[kind] + (spaces[kind] == 1 ? "" : "s"));
                    }
                }
            }
            case 9 -> elementSection();
            case 10 -> {
                long n = count("function bodies");
                for (long i = 0; i < n; i++) {
                    long size = u32("function body size");
                    fits(size, "function body " + i);
                    pos += (int) size;
                }
            }
            case 11 -> dataSection();
            case 8 -> {
                int at = pos;
                long index = u32("start function index");
                if (index >= spaces[0]) {
                    throw new Malformed(
                            at, "the start function is " + index + ", but the module has " + spaces[0] + " functions");
                }
            }
            case 13 -> {
                long n = count("tags");
                spaces[4] += n;
                for (long i = 0; i < n; i++) {
                    byteAt("tag attribute");
                    typeIndex("tag " + i);
                }
            }
            default -> {
                // data count and unknown sections: the parser reads (or refuses) them itself
            }
        }
    }

    private void customSection() {
        long length = u32("custom section name length");
        fits(length, "custom section name");
        String name = new String(b, pos, (int) length, java.nio.charset.StandardCharsets.UTF_8);
        pos += (int) length;
        if (name.equals("name")) {
            int nameAt = pos - 4;
            int sectionEnd = limit;
            try {
                nameSection();
            } catch (Malformed e) {
                badNameSections.add(nameAt);
                limit = sectionEnd;
            }
        }
    }

    /** The {@code name} custom section, which Chicory decodes: subsections of names and name maps. */
    private void nameSection() {
        int sectionEnd = limit;
        while (pos < sectionEnd) {
            limit = sectionEnd;
            where = "name section";
            int id = byteAt("name subsection id");
            long size = u32("name subsection size");
            fits(size, "name subsection " + id);
            int end = pos + (int) size;
            limit = end;
            switch (id) {
                case 0 -> name("module name");
                case 1, 4, 5, 6, 7, 8, 9, 11 -> nameMap();
                case 2, 3, 10 -> {
                    long n = count("indirect name map entries");
                    for (long i = 0; i < n; i++) {
                        u32("index");
                        nameMap();
                    }
                }
                default -> {}
            }
            pos = end;
        }
        limit = sectionEnd;
    }

    private void nameMap() {
        long n = count("name map entries");
        for (long i = 0; i < n; i++) {
            u32("index");
            name("name");
        }
    }

    private void recType() {
        int form = byteAt("type form");
        if (form == 0x4e) {
            long n = count("rec group types");
            for (long i = 0; i < n; i++) {
                subType(byteAt("type form"));
            }
            types += n;
        } else {
            subType(form);
            types++;
        }
    }

    private void subType(int form) {
        if (form == 0x50 || form == 0x4f) {
            long n = count("supertypes");
            for (long i = 0; i < n; i++) {
                u32("supertype index");
            }
            compType(byteAt("type form"));
        } else {
            compType(form);
        }
    }

    private void compType(int form) {
        switch (form) {
            case 0x60 -> {
                long params = count("parameters");
                for (long i = 0; i < params; i++) {
                    valType(byteAt("parameter type"));
                }
                long results = count("results");
                for (long i = 0; i < results; i++) {
                    valType(byteAt("result type"));
                }
            }
            case 0x5f -> {
                long fields = count("struct fields");
                for (long i = 0; i < fields; i++) {
                    fieldType();
                }
            }
            case 0x5e -> fieldType();
            default ->
                throw new Malformed(pos - 1, "unknown type form 0x" + Integer.toHexString(form) + " in " + where);
        }
    }

    private void fieldType() {
        valType(byteAt("field type"));
        byteAt("field mutability");
    }

    /** A value type whose first byte is {@code first}: one byte, or a reference type with a heap type. */
    private void valType(int first) {
        if (first == 0x63 || first == 0x64) {
            leb(33, "heap type");
        }
    }

    private void importDesc() {
        int kind = byteAt("import kind");
        if (kind < SPACES.length) {
            spaces[kind]++;
        }
        switch (kind) {
            case 0 -> typeIndex("imported function " + (spaces[0] - 1));
            case 1 -> {
                valType(byteAt("table element type"));
                limits();
            }
            case 2 -> limits();
            case 3 -> {
                valType(byteAt("global type"));
                byteAt("global mutability");
            }
            case 4 -> {
                byteAt("tag attribute");
                typeIndex("imported tag " + (spaces[4] - 1));
            }
            default -> throw new Malformed(pos - 1, "unknown import kind " + kind);
        }
    }

    private void typeIndex(String of) {
        int at = pos;
        long index = u32("type index");
        if (index >= types) {
            throw new Malformed(
                    at,
                    of + " has type " + index + ", but the module defines " + types + " type"
                            + (types == 1 ? "" : "s"));
        }
    }

    private void limits() {
        int flags = byteAt("limits flags");
        u32("limits minimum");
        if ((flags & 1) != 0) {
            u32("limits maximum");
        }
    }

    /** The flags of {@code segment} {@code i}, refused beyond {@code max} (what is {@code defined}). */
    private int segmentFlags(String segment, long i, int max, String defined) {
        long flags = u32(segment + " flags");
        if (flags > max) {
            throw new Malformed(pos - 1, segment + " " + i + " has flags " + flags + " (" + defined + " are defined)");
        }
        return (int) flags;
    }

    private void elementSection() {
        long n = count("element segments");
        for (long i = 0; i < n; i++) {
            int f = segmentFlags("element segment", i, 7, "0 to 7");
            if (f == 2 || f == 6) {
                u32("table index");
            }
            if ((f & 1) == 0) {
                constExpr("element segment offset");
            }
            if (f == 1 || f == 2 || f == 3) {
                byteAt("element kind");
            } else if (f >= 5) {
                valType(byteAt("element type"));
            }
            long items = count("element segment items");
            for (long k = 0; k < items; k++) {
                if (f < 4) {
                    u32("function index");
                } else {
                    constExpr("element expression");
                }
            }
        }
    }

    private void dataSection() {
        long n = count("data segments");
        for (long i = 0; i < n; i++) {
            int flags = segmentFlags("data segment", i, 2, "0, 1 and 2");
            if (flags == 2) {
                u32("memory index");
            }
            if (flags != 1) {
                constExpr("data segment offset");
            }
            int at = pos;
            long length = u32("data segment length");
            if (length > limit - pos) {
                throw new Malformed(
                        at,
                        "data segment " + i + " claims " + length + " bytes, but only " + (limit - pos)
                                + " remain in the data section");
            }
            pos += (int) length;
        }
    }

    /**
     * A constant expression: only the instructions the specification allows there (numeric constants,
     * {@code global.get}, {@code ref.null}, {@code ref.func}, extended-constant arithmetic, {@code
     * v128.const} and the GC allocation instructions), up to its {@code end}.
     */
    private void constExpr(String what) {
        while (true) {
            int at = pos;
            int op = byteAt(what);
            switch (op) {
                case 0x0b -> {
                    return;
                }
                case 0x41 -> leb(32, what);
                case 0x42 -> leb(64, what);
                case 0x43 -> skip(4, what);
                case 0x44 -> skip(8, what);
                case 0x23, 0xd2 -> u32(what);
                case 0xd0 -> leb(33, what);
                case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e -> {}
                case 0xfd -> {
                    long sub = u32(what);
                    if (sub != 12) {
                        throw notConstant(at, what, "0xfd " + sub);
                    }
                    skip(16, what);
                }
                case 0xfb -> {
                    long sub = u32(what);
                    if (sub == 0 || sub == 1 || sub == 6 || sub == 7) {
                        u32(what);
                    } else if (sub == 8) {
                        u32(what);
                        u32(what);
                    } else if (sub != 0x1a && sub != 0x1b && sub != 0x1c) {
                        throw notConstant(at, what, "0xfb " + sub);
                    }
                }
                default -> throw notConstant(at, what, "0x" + Integer.toHexString(op));
            }
        }
    }

    private Malformed notConstant(int at, String what, String op) {
        return new Malformed(at, "instruction " + op + " is not allowed in a constant expression (" + what + ")");
    }

    /** A vector count: each element takes at least one byte, so it can be no more than the bytes left. */
    private long count(String what) {
        int at = pos;
        long n = u32(what + " count");
        if (n > limit - pos) {
            throw new Malformed(
                    at, where + " claims " + n + " " + what + ", but only " + (limit - pos) + " bytes remain in it");
        }
        return n;
    }

    private void name(String what) {
        int at = pos;
        long length = u32(what + " length");
        if (length > limit - pos) {
            throw new Malformed(
                    at, what + " claims " + length + " bytes, but only " + (limit - pos) + " remain in the " + where);
        }
        pos += (int) length;
    }

    private void fits(long length, String what) {
        if (length > limit - pos) {
            throw new Malformed(
                    pos, what + " claims " + length + " bytes, but only " + (limit - pos) + " remain in the " + where);
        }
    }

    private void skip(int n, String what) {
        if (n > limit - pos) {
            throw new Malformed(pos, "unexpected end of the " + where + " in " + what);
        }
        pos += n;
    }

    private int byteAt(String what) {
        if (pos >= limit) {
            throw new Malformed(pos, "unexpected end of the " + where + " reading " + what);
        }
        return b[pos++] & 0xff;
    }

    private long u32(String what) {
        int at = pos;
        long value = leb(32, what);
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new Malformed(at, what + " is not an unsigned 32-bit integer");
        }
        return value;
    }

    /** Reads an LEB128 integer of at most {@code bits} bits; returns its low 64 bits (unsigned reading). */
    private long leb(int bits, String what) {
        int at = pos;
        int maxBytes = (bits + 6) / 7;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            int x = byteAt(what);
            if (i < 10) {
                value |= (long) (x & 0x7f) << (7 * i);
            }
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        throw new Malformed(at, what + " is an integer longer than " + maxBytes + " bytes");
    }
}
