package ai.wippy.wasi.p2.filesystem;

import ai.wippy.component.host.WitResource;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.IoStreamsHost;
import ai.wippy.wasi.p2.OutputResource;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code wasi:filesystem/types.descriptor} resource as the guest sees it: one typed method per
 * WIT method, linked by the {@code @WitInterface} mechanism ({@code [method]descriptor.open-at} is
 * {@link #openAt}). Each runs the operation on the {@link Descriptor} backend (a real folder or an
 * embedded tree); the WIT answers {@code result<T, error-code>}: a method returns the ok value (a
 * stream or descriptor it returns becomes a new owned handle) and throws an {@link FsError} for the
 * error case, never a trap.
 */
@WitResource("descriptor")
public final class DescriptorResource implements AutoCloseable {

    private final Descriptor backend;

    DescriptorResource(Descriptor backend) {
        this.backend = backend;
    }

    public InputResource readViaStream(long offset) throws FsError {
        return backend.readViaStream(offset);
    }

    public OutputResource writeViaStream(long offset) throws FsError {
        return backend.writeViaStream(offset);
    }

    public OutputResource appendViaStream() throws FsError {
        return backend.appendViaStream();
    }

    /** Only a hint: the host has nothing to tune, so it succeeds. */
    public void advise(long offset, long length, String advice) {}

    public void syncData() throws FsError {
        backend.sync(true);
    }

    public void sync() throws FsError {
        backend.sync(false);
    }

    public Set<String> getFlags() {
        return new LinkedHashSet<>(backend.flags);
    }

    public String getType() throws FsError {
        return backend.type();
    }

    public void setSize(long size) throws FsError {
        backend.setSize(size);
    }

    public void setTimes(VariantValue dataAccess, VariantValue dataModification) throws FsError {
        backend.setTimes(time(dataAccess), time(dataModification));
    }

    /** {@code tuple<list<u8>, bool>}: the bytes and whether the end of the file was reached. */
    public List<Object> read(long length, long offset) throws FsError {
        return backend.read(IoStreamsHost.length(length), offset);
    }

    public long write(byte[] buffer, long offset) throws FsError {
        return backend.write(buffer, offset);
    }

    public DirectoryEntries readDirectory() throws FsError {
        return backend.readDirectory();
    }

    public void createDirectoryAt(String path) throws FsError {
        backend.createDirectoryAt(path);
    }

    public Map<String, Object> stat() throws FsError {
        return backend.stat();
    }

    public Map<String, Object> statAt(Set<String> pathFlags, String path) throws FsError {
        return backend.statAt(follow(pathFlags), path);
    }

    public void setTimesAt(Set<String> pathFlags, String path, VariantValue dataAccess, VariantValue dataModification)
            throws FsError {
        backend.setTimesAt(follow(pathFlags), path, time(dataAccess), time(dataModification));
    }

    public void linkAt(Set<String> oldPathFlags, String oldPath, DescriptorResource newDescriptor, String newPath)
            throws FsError {
        backend.linkAt(follow(oldPathFlags), oldPath, newDescriptor.backend, newPath);
    }

    public DescriptorResource openAt(Set<String> pathFlags, String path, Set<String> openFlags, Set<String> flags)
            throws FsError {
        return new DescriptorResource(backend.openAt(follow(pathFlags), path, openFlags, flags));
    }

    public String readlinkAt(String path) throws FsError {
        return backend.readlinkAt(path);
    }

    public void removeDirectoryAt(String path) throws FsError {
        backend.removeDirectoryAt(path);
    }

    public void renameAt(String oldPath, DescriptorResource newDescriptor, String newPath) throws FsError {
        backend.renameAt(oldPath, newDescriptor.backend, newPath);
    }

    public void symlinkAt(String oldPath, String newPath) throws FsError {
        backend.symlinkAt(oldPath, newPath);
    }

    public void unlinkFileAt(String path) throws FsError {
        backend.unlinkFileAt(path);
    }

    public boolean isSameObject(DescriptorResource other) {
        return backend.isSameObject(other.backend);
    }

    public Map<String, Object> metadataHash() throws FsError {
        return backend.metadataHash();
    }

    public Map<String, Object> metadataHashAt(Set<String> pathFlags, String path) throws FsError {
        return backend.metadataHashAt(follow(pathFlags), path);
    }

    @Override
    public void close() {
        backend.close();
    }

    private static boolean follow(Set<String> pathFlags) {
        return pathFlags.contains("symlink-follow");
    }

    /** A {@code new-timestamp}: null for no-change. */
    private static FileTime time(VariantValue newTimestamp) {
        return switch (newTimestamp.caseName()) {
            case "now" -> FileTime.from(Instant.now());
            case "timestamp" -> {
                Map<?, ?> dt = (Map<?, ?>) newTimestamp.payload();
                yield FileTime.from(Instant.ofEpochSecond(
                        ((Number) dt.get("seconds")).longValue(), ((Number) dt.get("nanoseconds")).longValue()));
            }
            default -> null;
        };
    }
}
