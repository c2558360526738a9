package ai.wippy.component;

import ai.wippy.engine.WatAssembler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the smallest components a hostile-guest test needs, without a component toolchain: one
 * core module (written in WAT), instantiated once, whose export {@code run} is lifted as the
 * component's export {@code run} with the canonical options {@code memory} (the module's exported
 * {@code memory}), UTF-8 and, when asked, {@code realloc} (its {@code cabi_realloc}).
 *
 * <p>Types are given in the component binary format, in order: each is a {@code deftype} (for
 * example {@code list(U8)}), and the last one must be the function type of {@code run}; a type refers
 * to an earlier one by its index ({@link #ref}).
 */
final class TinyComponents {

    static final int BOOL = 0x7f, U8 = 0x7d, S32 = 0x7a, U32 = 0x79, CHAR = 0x74, STRING = 0x73;

    private TinyComponents() {}

    /** A value type that is the type defined at {@code index}. */
    static int ref(int index) {
        return index;
    }

    static byte[] list(int element) {
        return new byte[] {0x70, (byte) element};
    }

    /** A resource type the component defines: i32 representation, no destructor. */
    static byte[] resource() {
        return new byte[] {0x3f, 0x7f, 0x00};
    }

    /** {@code own<T>} of the resource type defined at {@code index}. */
    static byte[] own(int index) {
        return new byte[] {0x69, (byte) index};
    }

    static byte[] option(int inner) {
        return new byte[] {0x6b, (byte) inner};
    }

    /** {@code func(params...) -> result}; params are (name, value type) pairs; result -1 for none. */
    static byte[] func(int result, Object... params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x40);
        u32(out, params.length / 2);
        for (int i = 0; i < params.length; i += 2) {
            name(out, (String) params[i]);
            out.write((Integer) params[i + 1]);
        }
        if (result < 0) {
            out.write(0x01);
            out.write(0x00);
        } else {
            out.write(0x00);
            out.write(result);
        }
        return out.toByteArray();
    }

    static byte[] component(String coreWat, boolean realloc, byte[]... types) {
        byte[] module = new WatAssembler().assemble(coreWat);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        section(c, 1, module);
        // core instance 0: instantiate module 0 with no arguments
        section(c, 2, new byte[] {0x01, 0x00, 0x00, 0x00});
        ByteArrayOutputStream aliases = new ByteArrayOutputStream();
        u32(aliases, realloc ? 3 : 2);
        coreExportAlias(aliases, 0x02, "memory"); // core memory 0
        coreExportAlias(aliases, 0x00, "run"); // core func 0
        if (realloc) {
            coreExportAlias(aliases, 0x00, "cabi_realloc"); // core func 1
        }
        section(c, 6, aliases.toByteArray());
        ByteArrayOutputStream typeSection = new ByteArrayOutputStream();
        u32(typeSection, types.length);
        for (byte[] t : types) {
            typeSection.writeBytes(t);
        }
        section(c, 7, typeSection.toByteArray());
        ByteArrayOutputStream canon = new ByteArrayOutputStream();
        u32(canon, 1);
        canon.writeBytes(new byte[] {0x00, 0x00, 0x00}); // lift core func 0
        u32(canon, realloc ? 3 : 2);
        canon.writeBytes(new byte[] {0x00, 0x03, 0x00}); // utf8, memory 0
        if (realloc) {
            canon.writeBytes(new byte[] {0x04, 0x01}); // realloc: core func 1
        }
        u32(canon, types.length - 1);
        section(c, 8, canon.toByteArray());
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        u32(exports, 1);
        exports.write(0x00);
        name(exports, "run");
        exports.writeBytes(new byte[] {0x01, 0x00, 0x00}); // func 0, no ascribed type
        section(c, 11, exports.toByteArray());
        return c.toByteArray();
    }

    private static void coreExportAlias(ByteArrayOutputStream out, int coreSort, String name) {
        out.writeBytes(new byte[] {0x00, (byte) coreSort, 0x01, 0x00});
        name(out, name);
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] body) {
        out.write(id);
        u32(out, body.length);
        out.writeBytes(body);
    }

    private static void name(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(out, b.length);
        out.writeBytes(b);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }
}
