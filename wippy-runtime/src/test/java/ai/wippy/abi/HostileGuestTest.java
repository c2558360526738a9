package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.Primitive;
import com.dylibso.chicory.runtime.TrapException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a guest hands back is never trusted: every kind of lie becomes a trap with a clear message. */
class HostileGuestTest {

    private final TestGuest guest = new TestGuest();

    private static FunctionSignature returning(WitType t) {
        return new FunctionSignature("f", List.of(), t);
    }

    private Object liftFlat(WitType t, long... flat) {
        return CanonicalAbi.liftResult(guest.options(), returning(t), flat);
    }

    private Object liftStringArgument(long ptr, long len) {
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("s", Primitive.STRING)), null);
        return CanonicalAbi.liftArguments(guest.options(), sig, new long[] {ptr, len});
    }

    private void assertLoadTraps(WitType type, int ptr, String message) {
        assertThatThrownBy(() -> CanonicalAbi.load(guest.options(), type, ptr))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining(message);
    }

    /** A (pointer, length) pair at {@code at}, as the guest lays out a string or list. */
    private void writeRange(int at, int ptr, int length) {
        guest.memory.writeI32(at, ptr);
        guest.memory.writeI32(at + 4, length);
    }

    @Test
    void outOfBoundsString() {
        assertThatThrownBy(() -> liftStringArgument(65_530, 100))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("string [65530, 65630) is outside the guest memory of 65536 bytes");
        assertThatThrownBy(() -> liftStringArgument(-16, 32)) // ptr 0xFFFFFFF0
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("outside the guest memory");
    }

    @Test
    void spilledResultPointerIsChecked() {
        WitType pair = new WitType.TupleType(List.of(Primitive.U32, Primitive.U32));
        assertThatThrownBy(() -> liftFlat(pair, 65_534))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("the returned pointer at 65534 is not aligned to 4 bytes");
        assertThatThrownBy(() -> liftFlat(pair, 65_532))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("the returned pointer [65532, 65540) is outside");
    }

    @Test
    void invalidUtf8() {
        guest.memory.write(100, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
        CanonicalAbi.store(guest.options(), Primitive.U32, 100L, 200);
        CanonicalAbi.store(guest.options(), Primitive.U32, 4L, 204);
        assertLoadTraps(Primitive.STRING, 200, "is not valid UTF-8");
    }

    @Test
    void loneSurrogateInUtf16() {
        guest.memory.write(100, new byte[] {0x00, (byte) 0xD8, 'a', 0});
        writeRange(200, 100, 2);
        assertThatThrownBy(() -> CanonicalAbi.load(guest.options(StringEncoding.UTF16), Primitive.STRING, 200))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("is not valid UTF-16LE");
    }

    @Test
    void misalignedPointers() {
        assertLoadTraps(Primitive.U32, 2, "at 2 is not aligned to 4 bytes");
        writeRange(200, 101, 1); // list<u32> at an odd address
        assertLoadTraps(new ListType(Primitive.U32), 200, "list<u32> at 101 is not aligned to 4 bytes");
    }

    @Test
    void hugeListLength() {
        writeRange(200, 0, 0x7fff_ffff);
        assertLoadTraps(new ListType(Primitive.STRING), 200, "exceeds the limit");
    }

    @Test
    void badDiscriminantAndBadChar() {
        WitType color = new WitType.EnumType("color", List.of("red", "green"));
        assertThatThrownBy(() -> liftFlat(color, 2))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("discriminant 2 of color is out of range (2 cases)");
        assertThatThrownBy(() -> liftFlat(Primitive.CHAR, 0xD800))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("char 55296 is not a Unicode scalar value");
        assertThatThrownBy(() -> liftFlat(Primitive.CHAR, 0x110000)).isInstanceOf(TrapException.class);
    }

    @Test
    void reallocReturningGarbage() {
        CanonicalOptions lying =
                new CanonicalOptions(guest.memory, StringEncoding.UTF8, (o, s, a, n) -> 65_535, null, null);
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("s", Primitive.STRING)), null);
        assertThatThrownBy(() -> CanonicalAbi.lowerArguments(lying, sig, List.of("hello")))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("cabi_realloc's result for a string [65535, 65540) is outside");
    }

    @Test
    void aReturnedPointerOutsideMemoryTrapsThroughTheRegistry() {
        // greet claims its string lives at 0xFFFFFF00
        String yaml = """
                version: "1.0"
                namespace: evil
                entries:
                  - name: greet
                    kind: function.wat
                    method: greet
                    wit: "greet: func(name: string) -> string;"
                    source: |
                      (module
                        (memory (export "memory") 1)
                        (global $next (mut i32) (i32.const 1024))
                        (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                          (local $p i32)
                          global.get $next local.set $p
                          global.get $next local.get 3 i32.add global.set $next
                          local.get $p)
                        (data (i32.const 16) "\\00\\ff\\ff\\ff\\05\\00\\00\\00")
                        (func (export "greet") (param i32 i32) (result i32) i32.const 16))
                """;
        try (WasmRegistry registry = TestRegistries.runtime(yaml)) {
            TestRegistries.failsWith(ErrorKind.TRAPPED, () -> registry.call("evil:greet", "x"))
                    .hasMessageContaining("string [4294967040, 4294967045) is outside the guest memory");
        }
    }

    @Test
    void stringsFromMemoryAreCopiedOut() {
        byte[] s = "héllo".getBytes(StandardCharsets.UTF_8);
        guest.memory.write(300, s);
        writeRange(200, 300, s.length);
        Object v = CanonicalAbi.load(guest.options(), Primitive.STRING, 200);
        guest.memory.write(300, new byte[s.length]);
        assertThat(v).isEqualTo("héllo");
    }
}
