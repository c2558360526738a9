package ai.wippy.wasi.p2.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.component.host.HostBinding;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.WasiInstance;
import ai.wippy.wasi.p2.WasiState;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The typed per-instance state the WASI hosts of one component instance share ({@link WasiState}):
 * every interface bound to the instance reads the same WASI instance, budget and resolved names;
 * another instance has its own; a host bound without it fails naming the import.
 */
class InstanceStateTest {

    private static final WasiSettings SETTINGS = new WasiSettings(
            "app:net", Set.of("wasi:sockets"), List.of(), null, Map.of(), List.of(), List.of("example.test:443"));

    private static HostBinding binding(String importName, WasiState state) {
        return new HostBinding(null, importName, Set.of("wasi:sockets"), state, null);
    }

    @Test
    void interfacesOfOneInstanceShareItsStateAndAnotherInstanceHasItsOwn() throws Exception {
        WasiState one = WasiState.of(SETTINGS, WasiStdio.logger("app:net"), List.of());
        WasiState two = WasiState.of(SETTINGS, WasiStdio.logger("app:net"), List.of());
        HostBinding lookup = binding("wasi:sockets/ip-name-lookup@0.2.3", one);
        HostBinding tcp = binding("wasi:sockets/tcp@0.2.3", one);

        assertThat(WasiInstance.of(lookup)).isSameAs(WasiInstance.of(tcp)).isSameAs(one.wasi());
        assertThat(IoBudget.of(lookup)).isSameAs(IoBudget.of(tcp)).isSameAs(one.budget());
        assertThat(WasiInstance.of(binding("wasi:cli/stdout@0.2.3", two))).isNotSameAs(one.wasi());

        InetAddress resolved = InetAddress.getByAddress(new byte[] {10, 0, 0, 7});
        // before the guest resolves the name, the bare address is not allowed
        assertThatThrownBy(() -> SocketPolicy.of(tcp).checkRemote(resolved, 443, "connect"))
                .isInstanceOf(SocketError.class);
        // the lookup interface's policy records the name; the tcp interface's policy of the same instance sees it
        SocketPolicy.of(lookup).remember(resolved, "example.test");
        assertThatCode(() -> SocketPolicy.of(tcp).checkRemote(resolved, 443, "connect"))
                .doesNotThrowAnyException();
        // another instance of the same entry did not resolve it
        assertThatThrownBy(() ->
                        SocketPolicy.of(binding("wasi:sockets/tcp@0.2.3", two)).checkRemote(resolved, 443, "connect"))
                .isInstanceOf(SocketError.class);
    }

    @Test
    void aHostBoundWithoutTheInstanceStateFailsNamingTheImport() {
        assertThatThrownBy(() -> WasiInstance.of(binding("wasi:cli/environment@0.2.3", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wasi:cli/environment@0.2.3")
                .hasMessageContaining("WASI state");
    }

    @Test
    void anInstanceMadeWithoutWasiSettingsGetsNone() {
        WasiState none = WasiState.none("app:plain", Set.of("wasi:cli"));
        assertThat(none.wasi().settings().entryId()).isEqualTo("app:plain");
        assertThat(none.wasi().arguments()).containsExactly("app:plain");
        assertThat(none.wasi().settings().env()).isEmpty();
        assertThat(none.wasi().settings().mounts()).isEmpty();
        assertThat(none.budget().limits()).isEqualTo(ai.wippy.wasm.IoLimits.NONE);
        assertThat(WasiState.none(null, Set.of()).wasi().settings().entryId()).isEqualTo("component");
    }
}
