package ai.wippy.wasi.p2.hosts;

import ai.wippy.component.host.HostInterface;
import ai.wippy.wasi.p2.CliHosts;
import ai.wippy.wasi.p2.ClockHosts;
import ai.wippy.wasi.p2.IoErrorHost;
import ai.wippy.wasi.p2.IoPollHost;
import ai.wippy.wasi.p2.IoStreamsHost;
import ai.wippy.wasi.p2.RandomHosts;
import ai.wippy.wasi.p2.filesystem.FilesystemHosts;
import ai.wippy.wasi.p2.http.OutgoingHandlerHost;
import ai.wippy.wasi.p2.sockets.SocketHosts;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in WASI Preview 2 hosts (any 0.2.x version of each interface). The component loader
 * defines them before the application's own {@link HostInterface}s, so an application can replace
 * any of them by defining one with the same name. Each is linked only where the entry grants its
 * group; elsewhere the import links to the absent stand-in.
 */
public final class WasiPreview2 {

    private WasiPreview2() {}

    public static List<HostInterface> hosts() {
        List<HostInterface> all = new ArrayList<>();
        all.add(IoErrorHost.host());
        all.add(IoPollHost.host());
        all.add(new IoStreamsHost());
        all.addAll(ClockHosts.all());
        all.addAll(RandomHosts.all());
        all.addAll(CliHosts.all());
        all.addAll(FilesystemHosts.all());
        all.addAll(SocketHosts.all());
        all.addAll(OutgoingHandlerHost.all());
        return all;
    }
}
