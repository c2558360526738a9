package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import com.dylibso.chicory.runtime.TrapException;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code wasi:random} answers exactly what is asked, up to its per-call bound; past it the guest traps. */
class RandomHostsTest {

    private static BoundInterface bind(WasiHost host) {
        return host.bind(new HostBinding(null, host.name() + "@0.2.3", Set.of("wasi:random"), new HashMap<>(), null));
    }

    @Test
    void askingForMoreThanOneCallCanAnswerTrapsBeforeAllocating() throws Exception {
        for (WasiHost host : List.of(new RandomHosts.Secure(), new RandomHosts.Insecure())) {
            BoundInterface random = bind(host);
            String function = host instanceof RandomHosts.Secure ? "get-random-bytes" : "get-insecure-random-bytes";
            assertThat((byte[]) random.function(function, null).call(List.of(16L)))
                    .hasSize(16);
            assertThatThrownBy(() -> random.function(function, null).call(List.of((64L << 20) + 1)))
                    .isInstanceOf(TrapException.class)
                    .hasMessage(function + ": 67108865 bytes asked, at most 67108864 per call");
            assertThatThrownBy(() -> random.function(function, null).call(List.of(-1L)))
                    .as("u64 max")
                    .isInstanceOf(TrapException.class)
                    .hasMessageContaining("18446744073709551615 bytes asked");
        }
    }
}
