package ai.wippy.wasi.p2.filesystem;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.wasi.Mount;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.WasiInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wasi:filesystem}: {@code preopens} hands out one descriptor per mount of the entry
 * ({@code wasi.mounts}), {@code types} implements the {@code descriptor} ({@link
 * DescriptorResource}) and {@code directory-entry-stream} ({@link DirectoryEntries}) resources on
 * top of them. Both are typed {@link WitInterface} hosts, checked against the component's WIT when
 * it is linked. Nothing outside the mounts is reachable; errors are {@code error-code} results,
 * never traps.
 */
public final class FilesystemHosts {

    private FilesystemHosts() {}

    /** Every {@code wasi:filesystem} interface. */
    public static List<HostInterface> all() {
        return List.of(
                ReflectiveHostInterface.perInstance(
                        Preopens.class,
                        b -> new Preopens(WasiInstance.of(b).settings().mounts())),
                ReflectiveHostInterface.of(new Types()));
    }

    /** {@code wasi:filesystem/preopens}: the instance's mounts, each as a root descriptor. */
    @WitInterface("wasi:filesystem/preopens")
    public static final class Preopens {
        private final List<Mount> mounts;

        Preopens(List<Mount> mounts) {
            this.mounts = mounts;
        }

        /** {@code list<tuple<own<descriptor>, string>>}: each call hands out new root descriptors. */
        public List<List<Object>> getDirectories() {
            List<List<Object>> out = new ArrayList<>();
            for (Mount mount : mounts) {
                out.add(List.of(new DescriptorResource(open(mount)), mount.guest()));
            }
            return out;
        }

        /** The root descriptor of a mount: on its real folder when it has one, else through its API. */
        static Descriptor open(Mount mount) {
            return mount.fs()
                    .root()
                    .<Descriptor>map(root -> HostDirectoryDescriptor.root(mount, realRoot(root)))
                    .orElseGet(() -> EmbeddedDescriptor.root(mount));
        }

        private static Path realRoot(Path root) {
            try {
                return root.toRealPath();
            } catch (IOException e) {
                return root.toAbsolutePath().normalize();
            }
        }
    }

    /**
     * {@code wasi:filesystem/types}: its resources' methods are those of {@link DescriptorResource}
     * and {@link DirectoryEntries}; its one function recovers the error code behind a stream error.
     */
    @WitInterface(
            value = "wasi:filesystem/types",
            resources = {DescriptorResource.class, DirectoryEntries.class},
            uses = {InputResource.class, OutputResource.class, IoError.class})
    public static final class Types {

        /** {@code option<error-code>}: the code when a file stream raised the error, else none (null). */
        public String filesystemErrorCode(IoError error) {
            if (error.cause() instanceof FsError e) {
                return e.code();
            }
            if (error.cause() instanceof IOException e) {
                return FsError.codeOf(e);
            }
            return null;
        }
    }
}
