package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one handle table: add/get/drop, guest-defined resources with their representations and
 * destructors, host objects, borrow scopes, and bad handles from the guest.
 */
class ResourceTablesTest {

    private final TestGuest guest = new TestGuest();
    private final ResourceTables tables = guest.resources;

    /** A resource type the guest defines, recording the representations its destructor saw. */
    private record Defined(String name, List<Integer> destroyed) implements ResourceTables.Kind {
        Defined(String name) {
            this(name, new ArrayList<>());
        }

        @Override
        public boolean guestDefined() {
            return true;
        }

        @Override
        public void destroy(int rep) {
            destroyed.add(rep);
        }
    }

    @Test
    void addGetDropReusesSlotsAndRunsTheDestructor() {
        Defined file = new Defined("file");
        int a = tables.add(file, 70, true);
        int b = tables.add(file, 71, true);
        assertThat(a).isEqualTo(1); // index 0 is reserved
        assertThat(b).isEqualTo(2);
        assertThat(tables.get(file, b).rep()).isEqualTo(71);
        tables.drop(file, a);
        assertThat(file.destroyed()).containsExactly(70);
        assertThat(tables.add(file, 72, true)).isEqualTo(a); // the free slot is reused
        assertThat(tables.live()).isEqualTo(2);
    }

    @Test
    void badHandlesTrap() {
        Defined file = new Defined("file");
        int h = tables.add(file, 7, true);
        assertThatThrownBy(() -> tables.get(file, 0)).isInstanceOf(AbiTrap.class);
        assertThatThrownBy(() -> tables.get(file, 99))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("handle 99 is not in the handle table");
        assertThatThrownBy(() -> tables.get("socket", h))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("handle 1 is a file, not a socket");
        assertThatThrownBy(() -> tables.get(new Defined("file"), h))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("another resource type named file");
        tables.drop(file, h);
        assertThatThrownBy(() -> tables.drop(file, h)).isInstanceOf(AbiTrap.class);
    }

    @Test
    void hostObjectsAreClosedWhenDroppedAndTakenOutWithoutClosing() throws Exception {
        List<String> closed = new ArrayList<>();
        ResourceHandle a = tables.own("stream", (AutoCloseable) () -> closed.add("a"));
        ResourceHandle b = tables.own("stream", (AutoCloseable) () -> closed.add("b"));
        tables.drop((ResourceTables.Kind) null, a.handle());
        assertThat(closed).containsExactly("a");
        AutoCloseable taken = tables.take(b, AutoCloseable.class);
        assertThat(tables.live()).isZero();
        assertThat(closed).containsExactly("a");
        taken.close();
        assertThatThrownBy(() -> tables.get(tables.own("stream", "text"), Integer.class))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("handle of stream does not hold a Integer");
    }

    @Test
    void aBorrowTheGuestLendsCannotBeMovedOrDroppedDuringTheCall() {
        WitType own = new WitType.HandleType("file", true);
        WitType borrow = new WitType.HandleType("file", false);
        Defined file = new Defined("file");
        int h = tables.add(file, 7, true);
        FunctionSignature lend = new FunctionSignature("peek", List.of(new Param("f", borrow)), null);
        // the guest lends the handle to a host import: it cannot be moved while lent
        List<Object> args = CanonicalAbi.liftArguments(guest.options(), lend, new long[] {h});
        assertThat(args).containsExactly(new ResourceHandle("file", h, false));
        assertThat(tables.lends(h)).isEqualTo(1);
        assertThatThrownBy(() -> tables.remove(file, h))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("lent out");
        assertThatThrownBy(() -> tables.drop(file, h)).hasMessageContaining("lent out");
        CanonicalAbi.lowerResult(guest.options(), lend, null, new long[] {h});
        assertThat(tables.lends(h)).isZero();
        // the guest returns it as own: the host now holds that index of the shared table
        Object moved =
                CanonicalAbi.liftResult(guest.options(), new FunctionSignature("take", List.of(), own), new long[] {h});
        assertThat(moved).isEqualTo(new ResourceHandle("file", h, true));
        assertThat(tables.get(file, h).rep()).isEqualTo(7);
    }

    @Test
    void aNestedImportThatLendsNothingStillSeesTheOuterLendAndLeavesItInPlace() {
        WitType own = new WitType.HandleType("file", true);
        WitType borrow = new WitType.HandleType("file", false);
        Defined file = new Defined("file");
        int h = tables.add(file, 7, true);
        int other = tables.add(file, 8, true);
        FunctionSignature lend = new FunctionSignature("peek", List.of(new Param("f", borrow)), null);
        // an import taking only owned handles and scalars opens no borrow scope of its own
        FunctionSignature give = new FunctionSignature(
                "give", List.of(new Param("f", own), new Param("n", WitType.Primitive.U32)), WitType.Primitive.U32);
        CanonicalAbi.liftArguments(guest.options(), lend, new long[] {h});
        // inside the lending call, a nested call moving the lent handle traps; moving another one does not
        assertThatThrownBy(() -> CanonicalAbi.callImport(guest.options(), give, new long[] {h, 1}, a -> 1L))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("lent out and cannot be moved");
        assertThat(CanonicalAbi.callImport(guest.options(), give, new long[] {other, 5}, a -> a.get(1)))
                .containsExactly(5L);
        // neither nested call closed the outer call's scope: the handle is still lent until it returns
        assertThat(tables.lends(h)).isEqualTo(1);
        CanonicalAbi.lowerResult(guest.options(), lend, null, new long[] {h});
        assertThat(tables.lends(h)).isZero();
        // many calls later the table holds what it held: scopes are reused, not piled up
        for (int i = 0; i < 1000; i++) {
            CanonicalAbi.liftArguments(guest.options(), lend, new long[] {h});
            CanonicalAbi.lowerResult(guest.options(), lend, null, new long[] {h});
        }
        assertThat(tables.lends(h)).isZero();
        assertThat(tables.live()).isEqualTo(2);
    }

    @Test
    void aGuestThatNeverDropsFillsTheTableAndTrapsInsteadOfFillingTheHeap() {
        Defined file = new Defined("file");
        for (int i = 0; i < ResourceTables.MAX_LIVE; i++) {
            tables.add(file, i, true);
        }
        assertThatThrownBy(() -> tables.add(file, -1, true))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("the handle table is full (1048576 live handles)");
        // a dropped handle frees its slot for the next one
        tables.drop(file, 1);
        assertThat(tables.add(file, 7, true)).isEqualTo(1);
        assertThat(tables.live()).isEqualTo(ResourceTables.MAX_LIVE);
    }

    @Test
    void ownMustBeOwnedAndLive() {
        WitType own = new WitType.HandleType("file", true);
        FunctionSignature take = new FunctionSignature("take", List.of(), own);
        assertThatThrownBy(() -> CanonicalAbi.liftResult(guest.options(), take, new long[] {5}))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("handle 5 is not in the handle table");
        FunctionSignature use =
                new FunctionSignature("use", List.of(new Param("s", new WitType.HandleType("stream", false))), null);
        long[] flat = CanonicalAbi.lowerArguments(guest.options(), use, List.of(new Object()));
        assertThatThrownBy(() -> CanonicalAbi.liftResult(guest.options(), take, flat))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("is a borrow of stream; an own handle is required");
    }

    @Test
    void aBorrowLoweredIntoTheGuestMustBeDroppedBeforeItReturns() {
        WitType borrow = new WitType.HandleType("stream", false);
        FunctionSignature call = new FunctionSignature("use", List.of(new Param("s", borrow)), null);
        Object hostStream = new Object();
        long[] flat = CanonicalAbi.lowerArguments(guest.options(), call, List.of(hostStream));
        int h = (int) flat[0];
        assertThat(tables.get("stream", h).hostObject()).isSameAs(hostStream);
        assertThatThrownBy(() -> CanonicalAbi.liftResult(guest.options(), call, new long[0]))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("1 borrowed handle(s) were not dropped");

        long[] again = CanonicalAbi.lowerArguments(guest.options(), call, List.of(hostStream));
        tables.drop((ResourceTables.Kind) null, (int) again[0]); // the guest's resource.drop
        assertThat(CanonicalAbi.liftResult(guest.options(), call, new long[0])).isNull();
    }

    @Test
    void borrowsOfTheGuestsOwnResourcesPassTheRepresentation() {
        Defined counter = new Defined("counter");
        int h = tables.add(counter, 4242, true);
        WitType borrow = new WitType.HandleType("counter", false);
        FunctionSignature call = new FunctionSignature("get", List.of(new Param("self", borrow)), null);
        long[] flat =
                CanonicalAbi.lowerArguments(guest.options(), call, List.of(new ResourceHandle("counter", h, false)));
        assertThat(flat).containsExactly(4242);
        assertThat(tables.live()).isEqualTo(1);
    }

    @Test
    void aHostObjectLoweredAsOwnGetsANewOwnedHandle() {
        WitType own = new WitType.HandleType("file", true);
        Object file = new Object();
        long[] flat = CanonicalAbi.lowerArguments(
                guest.options(), new FunctionSignature("give", List.of(new Param("f", own)), null), List.of(file));
        assertThat(tables.handle((int) flat[0]).own()).isTrue();
        assertThat(tables.get("file", (int) flat[0]).hostObject()).isSameAs(file);
        // a ResourceHandle the host holds passes its index as it is
        long[] again = CanonicalAbi.lowerArguments(
                guest.options(),
                new FunctionSignature("give", List.of(new Param("f", own)), null),
                List.of(new ResourceHandle("file", (int) flat[0], true)));
        assertThat(again).containsExactly(flat[0]);
    }
}
