package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.abi.ResourceTables;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.TrapException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi:io/error} served by the typed {@code @WitInterface} mechanism: the error a failing
 * host put in the instance's handle table answers its message; a handle of something else traps.
 */
class IoErrorHostTest {

    private static final FunctionSignature DEBUG = new FunctionSignature(
            "[method]error.to-debug-string",
            List.of(new Param("self", new WitType.HandleType("error", false))),
            WitType.Primitive.STRING);

    @Test
    void theErrorAStreamFailedWithAnswersItsMessage() throws Exception {
        HostInterface host = IoErrorHost.host();
        assertThat(host).isInstanceOf(ReflectiveHostInterface.class);
        assertThat(host.name()).isEqualTo("wasi:io/error");
        ResourceTables table = new ResourceTables();
        BoundInterface bound = host.bind(new HostBinding(null, "wasi:io/error@0.2.3", Set.of("wasi:io"), null, table));
        // what a failed write hands the guest (StreamException.witError)
        ResourceHandle own = table.own("error", new IoError("connection reset by peer", null));
        Object debug = bound.function("[method]error.to-debug-string", DEBUG)
                .call(List.of(new ResourceHandle("error", own.handle(), false)));
        assertThat(debug).isEqualTo("connection reset by peer");
    }

    @Test
    void aHandleOfAnotherObjectTraps() {
        ResourceTables table = new ResourceTables();
        BoundInterface bound =
                IoErrorHost.host().bind(new HostBinding(null, "wasi:io/error@0.2.3", Set.of("wasi:io"), null, table));
        ResourceHandle other = table.own("error", "not an error");
        assertThatThrownBy(() -> bound.function("[method]error.to-debug-string", DEBUG)
                        .call(List.of(new ResourceHandle("error", other.handle(), false))))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("does not hold a IoError");
    }
}
