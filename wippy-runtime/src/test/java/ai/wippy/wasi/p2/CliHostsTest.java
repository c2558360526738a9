package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.HostResources;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wasi.WasiExit;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed {@code wasi:cli} hosts: one object per component instance, reading that instance's WASI state. */
class CliHostsTest {

    private static final FunctionSignature GET_ARGUMENTS =
            new FunctionSignature("get-arguments", List.of(), new WitType.ListType(WitType.Primitive.STRING));

    /** A handle table that keeps what it is given, in order. */
    private static final class Table implements HostResources {
        final List<Object> objects = new ArrayList<>();

        @Override
        public ResourceHandle own(String resource, Object hostObject) {
            objects.add(hostObject);
            return new ResourceHandle(resource, objects.size() - 1, true);
        }

        @Override
        public <T> T get(ResourceHandle handle, Class<T> type) {
            return type.cast(objects.get(handle.handle()));
        }

        @Override
        public <T> T take(ResourceHandle handle, Class<T> type) {
            return get(handle, type);
        }
    }

    private static HostInterface host(String name) {
        return CliHosts.all().stream()
                .filter(h -> h.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static BoundInterface bind(HostInterface host, List<String> args, WasiStdio stdio, Table table) {
        WasiSettings settings =
                new WasiSettings("app:cmd", Set.of("wasi:cli"), args, "/work", Map.of(), List.of(), List.of());
        WasiState shared = WasiState.of(settings, stdio, List.of("--extra"));
        return host.bind(new HostBinding(null, host.name() + "@0.2.3", Set.of("wasi:cli"), shared, table));
    }

    @Test
    void eachInstanceReadsItsOwnArgumentsAndStreams() throws Exception {
        WasiStdio none = new WasiStdio(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);
        HostInterface environment = host("wasi:cli/environment");
        BoundInterface first = bind(environment, List.of("a"), none, new Table());
        BoundInterface second = bind(environment, List.of("b", "c"), none, new Table());
        assertThat(first.function("get-arguments", GET_ARGUMENTS).call(List.of()))
                .isEqualTo(List.of("app:cmd", "a", "--extra"));
        assertThat(second.function("get-arguments", GET_ARGUMENTS).call(List.of()))
                .isEqualTo(List.of("app:cmd", "b", "c", "--extra"));
        assertThat(first.function(
                                "initial-cwd",
                                new FunctionSignature(
                                        "initial-cwd", List.of(), new WitType.OptionType(WitType.Primitive.STRING)))
                        .call(List.of()))
                .isEqualTo("/work");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Table table = new Table();
        BoundInterface stdout = bind(host("wasi:cli/stdout"), List.of(), new WasiStdio(none.in(), out, null), table);
        Object handle = stdout.function(
                        "get-stdout",
                        new FunctionSignature("get-stdout", List.of(), new WitType.HandleType("output-stream", true)))
                .call(List.of());
        assertThat(handle).isInstanceOf(ResourceHandle.class);
        ((OutputResource) table.objects.get(0)).write("hi".getBytes());
        assertThat(out.toString()).isEqualTo("hi");
    }

    @Test
    void exitUnwindsWithTheCodeAndAnInstanceWithoutTheGrantGetsStreamsLeadingNowhere() throws Exception {
        BoundInterface exit = bind(host("wasi:cli/exit"), List.of(), WasiStdio.logger("app:cmd"), new Table());
        FunctionSignature withCode =
                new FunctionSignature("exit-with-code", List.of(new Param("status-code", WitType.Primitive.U8)), null);
        assertThatThrownBy(() -> exit.function("exit-with-code", withCode).call(List.of(3)))
                .isInstanceOfSatisfying(
                        WasiExit.class, e -> assertThat(e.code()).isEqualTo(3));

        HostInterface detached = host("wasi:cli/stdin").whenNotGranted();
        Table table = new Table();
        detached.bind(new HostBinding(null, "wasi:cli/stdin@0.2.3", Set.of(), WasiState.none(null, Set.of()), table))
                .function(
                        "get-stdin",
                        new FunctionSignature("get-stdin", List.of(), new WitType.HandleType("input-stream", true)))
                .call(List.of());
        assertThatThrownBy(() -> ((InputResource) table.objects.get(0)).read(10))
                .isInstanceOfSatisfying(
                        StreamException.class, e -> assertThat(e.isClosed()).isTrue());
    }
}
