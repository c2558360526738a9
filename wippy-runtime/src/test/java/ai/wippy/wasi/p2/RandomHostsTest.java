package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.TrapException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code wasi:random} answers exactly what is asked, up to its per-call bound; past it the guest traps. */
class RandomHostsTest {

    private static final FunctionSignature BYTES = new FunctionSignature(
            "bytes", List.of(new Param("len", WitType.Primitive.U64)), new WitType.ListType(WitType.Primitive.U8));

    private static BoundInterface bind(HostInterface host) {
        return host.bind(new HostBinding(null, host.name() + "@0.2.3", Set.of("wasi:random"), null, null));
    }

    @Test
    void askingForMoreThanOneCallCanAnswerTrapsBeforeAllocating() throws Exception {
        for (HostInterface host : RandomHosts.all().subList(0, 2)) {
            BoundInterface random = bind(host);
            String function =
                    host.name().equals("wasi:random/random") ? "get-random-bytes" : "get-insecure-random-bytes";
            assertThat((byte[]) random.function(function, BYTES).call(List.of(16L)))
                    .hasSize(16);
            assertThatThrownBy(() -> random.function(function, BYTES).call(List.of((64L << 20) + 1)))
                    .isInstanceOf(TrapException.class)
                    .hasMessage(function + ": 67108865 bytes asked, at most 67108864 per call");
            assertThatThrownBy(() -> random.function(function, BYTES).call(List.of(-1L)))
                    .as("u64 max")
                    .isInstanceOf(TrapException.class)
                    .hasMessageContaining("18446744073709551615 bytes asked");
        }
    }

    @Test
    void aSignatureTheJavaMethodCannotServeFailsTheLinkNamingTheParameter() {
        BoundInterface random = bind(RandomHosts.all().get(0));
        FunctionSignature asString = new FunctionSignature(
                "get-random-bytes", List.of(new Param("len", WitType.Primitive.STRING)), BYTES.result());
        assertThatThrownBy(() -> random.function("get-random-bytes", asString))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "wasi:random/random.get-random-bytes(len): the WIT type is string, the Java parameter is long");
        FunctionSignature noResult = new FunctionSignature("get-random-u64", List.of(), WitType.Primitive.STRING);
        assertThatThrownBy(() -> random.function("get-random-u64", noResult))
                .hasMessage(
                        "wasi:random/random.get-random-u64: the WIT result is string, the Java method returns long");
    }
}
