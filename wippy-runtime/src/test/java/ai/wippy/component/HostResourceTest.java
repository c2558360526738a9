package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stateful host interface that implements a resource, written directly against the SPI. */
class HostResourceTest {

    /** The host object behind each {@code store} handle; closed when the guest drops it. */
    static final class Store implements AutoCloseable {
        final Map<String, String> values = new HashMap<>();
        final AtomicInteger closed;

        Store(AtomicInteger closed) {
            this.closed = closed;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** test:minimal/kv: binds per instance, keeps its stores in the instance's handle table. */
    static final class KeyValueHost implements HostInterface {
        final AtomicInteger bindings = new AtomicInteger();
        final AtomicInteger closedStores = new AtomicInteger();

        @Override
        public String name() {
            return "test:minimal/kv";
        }

        @Override
        public BoundInterface bind(HostBinding binding) {
            bindings.incrementAndGet();
            var table = binding.resources();
            return new BoundInterface() {
                @Override
                public HostFunction function(String name, FunctionSignature signature) {
                    return switch (name) {
                        case "[constructor]store" -> args -> table.own("store", new Store(closedStores));
                        case "[method]store.set" ->
                            args -> {
                                table.get((ResourceHandle) args.get(0), Store.class)
                                        .values
                                        .put((String) args.get(1), (String) args.get(2));
                                return null;
                            };
                        case "[method]store.get" ->
                            args -> table.get((ResourceHandle) args.get(0), Store.class)
                                    .values
                                    .get((String) args.get(1));
                        default -> null;
                    };
                }
            };
        }
    }

    @Test
    void theGuestCreatesUsesAndDropsAHostResource() throws Exception {
        KeyValueHost host = new KeyValueHost();
        Component component = Component.compile(
                Fixtures.bytes("host-resource/host-resource.wasm"), new ModuleCompiler(EngineMode.COMPILER));
        InstancePre pre = new ComponentLinker().define(host).instantiatePre(component, Set.of("test:minimal/kv"), null);
        ComponentInstance instance = pre.instantiate();

        Object value = instance.function("roundtrip").orElseThrow().call(List.of("colour", "teal"));

        assertThat(value).isEqualTo("teal");
        assertThat(host.closedStores).hasValue(1);
        assertThat(instance.liveHandles()).isZero();
        assertThat(host.bindings).hasValue(1);
    }
}
