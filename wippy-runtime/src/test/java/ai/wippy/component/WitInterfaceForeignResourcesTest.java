package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.abi.AbiTrap;
import ai.wippy.abi.ResourceTables;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitError;
import ai.wippy.component.host.WitInterface;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code @WitInterface} hosts sharing a resource across interfaces, as the WASI hosts share
 * {@code wasi:io/streams.input-stream}: one interface defines {@code brush}, another {@code use}s it
 * (returns it, borrows it, takes a {@code list<borrow<brush>>}, an {@code option}), both against one
 * instance's real handle table; resource methods served by the interface's object; {@code result}
 * errors thrown as {@link WitError}; and a wrong Java type refused at link time naming the function
 * and the WIT type.
 */
class WitInterfaceForeignResourcesTest {

    /** The resource {@code test:paint/canvas.brush}. */
    public static final class Brush implements AutoCloseable {
        final String color;
        long width = 1;
        boolean closed;

        public Brush(String color) {
            this.color = color;
        }

        public long width() {
            return width;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Another interface's resource, to be refused where a brush is due. */
    public static final class Palette {}

    /** A {@code paint-error}: {@code unknown-color(string)}, or {@code dried(own<brush>)} handing the brush back. */
    static final class PaintError extends Exception implements WitError {
        private final Object value;

        PaintError(Object value) {
            super("paint error", null, false, false);
            this.value = value;
        }

        @Override
        public Object witError() {
            return value;
        }
    }

    @WitInterface(value = "test:paint/canvas", resources = Brush.class)
    public static final class Canvas {
        /** {@code [method]brush.widen}: served here, the resource object first. */
        public long brushWiden(Brush self, long by) {
            self.width += by;
            return self.width;
        }

        /** {@code [static]brush.thin}. */
        public Brush brushThin() {
            return new Brush("grey");
        }
    }

    @WitInterface(value = "test:paint/studio", uses = Brush.class)
    public static final class Studio {
        /** {@code pick: func(color: string) -> result<own<brush>, paint-error>}. */
        public Brush pick(String color) throws PaintError {
            if (color.equals("dry")) {
                throw new PaintError(new VariantValue("dried", new Brush("dust")));
            }
            if (!color.startsWith("#")) {
                throw new PaintError(new VariantValue("unknown-color", color));
            }
            return new Brush(color);
        }

        /** {@code describe: func(b: borrow<brush>) -> string}. */
        public String describe(Brush b) {
            return b.color + "/" + b.width;
        }

        /** {@code total-width: func(brushes: list<borrow<brush>>) -> u64}. */
        public long totalWidth(List<Brush> brushes) {
            return brushes.stream().mapToLong(b -> b.width).sum();
        }

        /** {@code colors: func(brushes: list<borrow<brush>>) -> list<string>}, as an array. */
        public List<String> colors(Brush[] brushes) {
            return Arrays.stream(brushes).map(b -> b.color).toList();
        }

        /** {@code or-default: func(b: option<borrow<brush>>) -> string}. */
        public String orDefault(Brush b) {
            return b == null ? "none" : b.color;
        }

        /** {@code set: func(n: u32) -> list<own<brush>>}. */
        public List<Brush> set(int n) {
            return java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> new Brush("#" + i))
                    .toList();
        }

        /** {@code discard: func(b: own<brush>)}: the handle leaves the table. */
        public void discard(Brush b) {
            b.close();
        }
    }

    @WitInterface(value = "test:paint/bad", uses = Brush.class)
    public static final class Bad {
        public String describe(Palette p) {
            return "never";
        }

        public long totalWidth(List<String> brushes) {
            return 0;
        }

        public Palette pick(String color) {
            return new Palette();
        }
    }

    private static final WitType.HandleType OWN = new WitType.HandleType("brush", true);
    private static final WitType.HandleType BORROW = new WitType.HandleType("brush", false);
    private static final WitType PAINT_ERROR = new WitType.VariantType(
            "paint-error",
            List.of(new WitType.Case("unknown-color", WitType.Primitive.STRING), new WitType.Case("dried", OWN)));

    private static FunctionSignature sig(String name, WitType result, Param... params) {
        return new FunctionSignature(name, List.of(params), result);
    }

    private static Object call(BoundInterface bound, FunctionSignature s, Object... args) throws Exception {
        HostFunction fn = bound.function(s.name(), s);
        assertThat(fn).as(s.name()).isNotNull();
        return fn.call(Arrays.asList(args));
    }

    private static BoundInterface bind(Object host, ResourceTables table) {
        ReflectiveHostInterface h = ReflectiveHostInterface.of(host);
        return h.bind(new HostBinding(null, h.name() + "@0.1.0", Set.of(), null, table));
    }

    private static ResourceHandle borrow(ResourceHandle own) {
        return new ResourceHandle(own.resource(), own.handle(), false);
    }

    @Test
    void aResourceOfAnotherInterfaceIsReturnedBorrowedListedAndTaken() throws Exception {
        ResourceTables table = new ResourceTables();
        BoundInterface canvas = bind(new Canvas(), table);
        BoundInterface studio = bind(new Studio(), table);
        FunctionSignature pick =
                sig("pick", new WitType.ResultType(OWN, PAINT_ERROR), new Param("color", WitType.Primitive.STRING));

        // result<own<brush>, _>: the returned object becomes an owned handle inside ok
        ResultValue red = (ResultValue) call(studio, pick, "#f00");
        assertThat(red.ok()).isTrue();
        ResourceHandle redBrush = (ResourceHandle) red.value();
        assertThat(redBrush.own()).isTrue();
        ResourceHandle blue = (ResourceHandle) ((ResultValue) call(studio, pick, "#00f")).value();

        // the defining interface works on the handle the other one made, its method served by the interface object
        FunctionSignature widen = sig(
                "[method]brush.widen",
                WitType.Primitive.U64,
                new Param("self", BORROW),
                new Param("by", WitType.Primitive.U64));
        assertThat(call(canvas, widen, borrow(redBrush), 4L)).isEqualTo(5L);
        assertThat(call(
                        canvas,
                        sig("[method]brush.width", WitType.Primitive.U64, new Param("self", BORROW)),
                        borrow(blue)))
                .isEqualTo(1L);
        ResourceHandle thin = (ResourceHandle) call(canvas, sig("[static]brush.thin", OWN));

        // a borrow, also under the name a `use brush as pen` gives it
        FunctionSignature describe = sig("describe", WitType.Primitive.STRING, new Param("b", BORROW));
        assertThat(call(studio, describe, borrow(redBrush))).isEqualTo("#f00/5");
        FunctionSignature describePen =
                sig("describe", WitType.Primitive.STRING, new Param("b", new WitType.HandleType("pen", false)));
        assertThat(call(studio, describePen, new ResourceHandle("pen", thin.handle(), false)))
                .isEqualTo("grey/1");

        // list<borrow<brush>> as a List and as an array; option<borrow<brush>>
        WitType borrows = new WitType.ListType(BORROW);
        assertThat(call(
                        studio,
                        sig("total-width", WitType.Primitive.U64, new Param("brushes", borrows)),
                        List.of(borrow(redBrush), borrow(blue), borrow(thin))))
                .isEqualTo(7L);
        assertThat(call(
                        studio,
                        sig("colors", new WitType.ListType(WitType.Primitive.STRING), new Param("brushes", borrows)),
                        List.of(borrow(blue), borrow(redBrush))))
                .isEqualTo(List.of("#00f", "#f00"));
        FunctionSignature orDefault =
                sig("or-default", WitType.Primitive.STRING, new Param("b", new WitType.OptionType(BORROW)));
        assertThat(call(studio, orDefault, borrow(blue))).isEqualTo("#00f");
        assertThat(call(studio, orDefault, (Object) null)).isEqualTo("none");

        // list<own<brush>>: each object a new handle
        int before = table.live();
        @SuppressWarnings("unchecked")
        List<ResourceHandle> set = (List<ResourceHandle>)
                call(studio, sig("set", new WitType.ListType(OWN), new Param("n", WitType.Primitive.U32)), 3);
        assertThat(set).hasSize(3).allMatch(ResourceHandle::own);
        assertThat(table.live()).isEqualTo(before + 3);
        assertThat(call(studio, describe, borrow(set.get(2)))).isEqualTo("#2/1");

        // own<brush> taken: the handle leaves the table
        Brush taken = table.get(borrow(blue), Brush.class);
        call(studio, sig("discard", null, new Param("b", OWN)), blue);
        assertThat(taken.closed).isTrue();
        assertThat(table.live()).isEqualTo(before + 2);

        // a handle of something else traps, naming the class it should hold
        ResourceHandle notABrush = table.own("brush", new Palette());
        assertThatThrownBy(() -> call(studio, describe, borrow(notABrush)))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("Brush");
    }

    @Test
    void aWitErrorIsTheErrOfTheResultWithHostObjectsAsHandles() throws Exception {
        ResourceTables table = new ResourceTables();
        BoundInterface studio = bind(new Studio(), table);
        FunctionSignature pick =
                sig("pick", new WitType.ResultType(OWN, PAINT_ERROR), new Param("color", WitType.Primitive.STRING));

        ResultValue unknown = (ResultValue) call(studio, pick, "mauve");
        assertThat(unknown).isEqualTo(ResultValue.err(new VariantValue("unknown-color", "mauve")));

        ResultValue dried = (ResultValue) call(studio, pick, "dry");
        assertThat(dried.ok()).isFalse();
        VariantValue error = (VariantValue) dried.value();
        assertThat(error.caseName()).isEqualTo("dried");
        ResourceHandle dust = (ResourceHandle) error.payload();
        assertThat(table.get(borrow(dust), Brush.class).color).isEqualTo("dust");

        // where the result is not a result, the same exception traps
        FunctionSignature plain = sig("pick", OWN, new Param("color", WitType.Primitive.STRING));
        assertThatThrownBy(() -> call(studio, plain, "mauve")).isInstanceOf(PaintError.class);
    }

    @Test
    void aJavaTypeThatCannotHoldTheResourceIsRefusedAtLinkTime() {
        BoundInterface bad = bind(new Bad(), new ResourceTables());
        assertThatThrownBy(() ->
                        bad.function("describe", sig("describe", WitType.Primitive.STRING, new Param("b", BORROW))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test:paint/bad.describe(b)")
                .hasMessageContaining("borrow<brush>")
                .hasMessageContaining(Palette.class.getTypeName())
                .hasMessageContaining("served by " + Brush.class.getName());
        assertThatThrownBy(() -> bad.function(
                        "total-width",
                        sig("total-width", WitType.Primitive.U64, new Param("brushes", new WitType.ListType(BORROW)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test:paint/bad.total-width(brushes)")
                .hasMessageContaining("list<borrow<brush>>")
                .hasMessageContaining("java.util.List<java.lang.String>");
        assertThatThrownBy(() -> bad.function(
                        "pick",
                        sig(
                                "pick",
                                new WitType.ResultType(OWN, WitType.Primitive.STRING),
                                new Param("color", WitType.Primitive.STRING))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test:paint/bad.pick")
                .hasMessageContaining("result<own<brush>, string>");
    }
}
