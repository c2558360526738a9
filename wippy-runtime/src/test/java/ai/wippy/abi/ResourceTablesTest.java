package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.TrapException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handle tables: add/get/drop, own transfer, borrow scopes, and bad handles from the guest. */
class ResourceTablesTest {

    private final TestGuest guest = new TestGuest();
    private final ResourceTables tables = guest.resources;

    @Test
    void addGetDropReusesSlots() {
        List<Object> dropped = new ArrayList<>();
        tables.onDrop("file", dropped::add);
        int a = tables.add("file", "rep-a", true);
        int b = tables.add("file", "rep-b", true);
        assertThat(a).isEqualTo(1); // index 0 is reserved
        assertThat(b).isEqualTo(2);
        assertThat(tables.get("file", b)).isEqualTo("rep-b");
        tables.drop("file", a);
        assertThat(dropped).containsExactly("rep-a");
        assertThat(tables.add("file", "rep-c", true)).isEqualTo(a); // the free slot is reused
        assertThat(tables.size()).isEqualTo(2);
    }

    @Test
    void badHandlesTrap() {
        int h = tables.add("file", "r", true);
        assertThatThrownBy(() -> tables.get("file", 0)).isInstanceOf(TrapException.class);
        assertThatThrownBy(() -> tables.get("file", 99))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("handle 99 is not in the handle table");
        assertThatThrownBy(() -> tables.get("socket", h))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("handle 1 is a file, not a socket");
        tables.drop("file", h);
        assertThatThrownBy(() -> tables.drop("file", h)).isInstanceOf(TrapException.class);
    }

    @Test
    void ownIsMovedOutOfTheGuestAndBorrowIsNot() {
        WitType own = new WitType.HandleType("file", true);
        WitType borrow = new WitType.HandleType("file", false);
        int h = tables.add("file", 7, true);
        FunctionSignature lend = new FunctionSignature("peek", List.of(new Param("f", borrow)), null);
        // the guest lends the handle to a host import: it cannot be moved while lent
        List<Object> args = CanonicalAbi.liftArguments(guest.options(), lend, new long[] {h});
        assertThat(args).containsExactly(new ResourceHandle("file", 7, false));
        assertThat(tables.handle(h).lends()).isEqualTo(1);
        assertThatThrownBy(() -> tables.remove("file", h))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("lent out");
        CanonicalAbi.lowerResult(guest.options(), lend, null, new long[] {h});
        assertThat(tables.handle(h).lends()).isZero();
        // now the guest returns it as own: the handle leaves its table
        Object moved =
                CanonicalAbi.liftResult(guest.options(), new FunctionSignature("take", List.of(), own), new long[] {h});
        assertThat(moved).isEqualTo(new ResourceHandle("file", 7, true));
        assertThat(tables.size()).isZero();
    }

    @Test
    void aBorrowLoweredIntoTheGuestMustBeDroppedBeforeItReturns() {
        WitType borrow = new WitType.HandleType("stream", false);
        FunctionSignature call = new FunctionSignature("use", List.of(new Param("s", borrow)), null);
        Object hostStream = new Object();
        long[] flat = CanonicalAbi.lowerArguments(guest.options(), call, List.of(hostStream));
        int h = (int) flat[0];
        assertThat(tables.get("stream", h)).isSameAs(hostStream);
        assertThatThrownBy(() -> CanonicalAbi.liftResult(guest.options(), call, new long[0]))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("1 borrowed handle(s) were not dropped");

        long[] again = CanonicalAbi.lowerArguments(guest.options(), call, List.of(hostStream));
        tables.drop("stream", (int) again[0]); // the guest's resource.drop
        assertThat(CanonicalAbi.liftResult(guest.options(), call, new long[0])).isNull();
    }

    @Test
    void borrowsOfTheGuestsOwnResourcesPassTheRepresentation() {
        tables.defineLocal("counter", null);
        WitType borrow = new WitType.HandleType("counter", false);
        FunctionSignature call = new FunctionSignature("get", List.of(new Param("self", borrow)), null);
        long[] flat =
                CanonicalAbi.lowerArguments(guest.options(), call, List.of(new ResourceHandle("counter", 4242, false)));
        assertThat(flat).containsExactly(4242);
        assertThat(tables.size()).isZero();
    }

    @Test
    void ownLoweredIntoTheGuestGetsANewHandle() {
        WitType own = new WitType.HandleType("file", true);
        long[] flat = CanonicalAbi.lowerArguments(
                guest.options(),
                new FunctionSignature("give", List.of(new Param("f", own)), null),
                List.of(new ResourceHandle("file", 5, true)));
        assertThat(tables.handle((int) flat[0]).own()).isTrue();
        assertThat(tables.get("file", (int) flat[0])).isEqualTo(5);
    }
}
