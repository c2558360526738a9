package ai.wippy.wasi.p2.filesystem;

import ai.wippy.component.host.HostResources;
import ai.wippy.component.host.WitResource;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.IoStreamsHost;
import ai.wippy.wasi.p2.Resources;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code wasi:filesystem/types.descriptor} resource as the guest sees it: one typed method per
 * WIT method, linked by the {@code @WitInterface} mechanism ({@code [method]descriptor.open-at} is
 * {@link #openAt}). Each runs the operation on the {@link Descriptor} backend (a real folder or an
 * embedded tree) and answers {@code result<_, error-code>}: an {@link FsError} becomes the error
 * case, never a trap. New handles (streams, descriptors, entry streams) go into the instance's
 * handle table the descriptor was made for.
 */
@WitResource("descriptor")
public final class DescriptorResource implements AutoCloseable {

    private final Descriptor backend;
    private final HostResources table;

    DescriptorResource(Descriptor backend, HostResources table) {
        this.backend = backend;
        this.table = table;
    }

    Descriptor backend() {
        return backend;
    }

    /** An operation that may fail with an {@code error-code}. */
    @FunctionalInterface
    private interface FsOp {
        Object run() throws FsError;
    }

    /** An operation without a value that may fail with an {@code error-code}. */
    @FunctionalInterface
    private interface FsAction {
        void run() throws FsError;
    }

    private static ResultValue result(FsOp op) {
        try {
            return ResultValue.ok(op.run());
        } catch (FsError e) {
            return ResultValue.err(e.code());
        }
    }

    private static ResultValue done(FsAction action) {
        return result(() -> {
            action.run();
            return null;
        });
    }

    public ResultValue readViaStream(long offset) {
        return result(() -> table.own("input-stream", backend.readViaStream(offset)));
    }

    public ResultValue writeViaStream(long offset) {
        return result(() -> table.own("output-stream", backend.writeViaStream(offset)));
    }

    public ResultValue appendViaStream() {
        return result(() -> table.own("output-stream", backend.appendViaStream()));
    }

    /** Only a hint: the host has nothing to tune, so it succeeds. */
    public ResultValue advise(long offset, long length, String advice) {
        return ResultValue.ok(null);
    }

    public ResultValue syncData() {
        return done(() -> backend.sync(true));
    }

    public ResultValue sync() {
        return done(() -> backend.sync(false));
    }

    public ResultValue getFlags() {
        return ResultValue.ok(new LinkedHashSet<>(backend.flags));
    }

    public ResultValue getType() {
        return result(backend::type);
    }

    public ResultValue setSize(long size) {
        return done(() -> backend.setSize(size));
    }

    public ResultValue setTimes(VariantValue dataAccess, VariantValue dataModification) {
        return done(() -> backend.setTimes(time(dataAccess), time(dataModification)));
    }

    public ResultValue read(long length, long offset) {
        return result(() -> backend.read(Resources.length(length, IoStreamsHost.MAX_READ), offset));
    }

    public ResultValue write(byte[] buffer, long offset) {
        return result(() -> backend.write(buffer, offset));
    }

    public ResultValue readDirectory() {
        return result(() -> table.own("directory-entry-stream", backend.readDirectory()));
    }

    public ResultValue createDirectoryAt(String path) {
        return done(() -> backend.createDirectoryAt(path));
    }

    public ResultValue stat() {
        return result(backend::stat);
    }

    public ResultValue statAt(Set<String> pathFlags, String path) {
        return result(() -> backend.statAt(follow(pathFlags), path));
    }

    public ResultValue setTimesAt(
            Set<String> pathFlags, String path, VariantValue dataAccess, VariantValue dataModification) {
        return done(() -> backend.setTimesAt(follow(pathFlags), path, time(dataAccess), time(dataModification)));
    }

    public ResultValue linkAt(
            Set<String> oldPathFlags, String oldPath, DescriptorResource newDescriptor, String newPath) {
        return done(() -> backend.linkAt(follow(oldPathFlags), oldPath, newDescriptor.backend, newPath));
    }

    public ResultValue openAt(Set<String> pathFlags, String path, Set<String> openFlags, Set<String> flags) {
        return result(() -> table.own(
                "descriptor",
                new DescriptorResource(backend.openAt(follow(pathFlags), path, openFlags, flags), table)));
    }

    public ResultValue readlinkAt(String path) {
        return result(() -> backend.readlinkAt(path));
    }

    public ResultValue removeDirectoryAt(String path) {
        return done(() -> backend.removeDirectoryAt(path));
    }

    public ResultValue renameAt(String oldPath, DescriptorResource newDescriptor, String newPath) {
        return done(() -> backend.renameAt(oldPath, newDescriptor.backend, newPath));
    }

    public ResultValue symlinkAt(String oldPath, String newPath) {
        return done(() -> backend.symlinkAt(oldPath, newPath));
    }

    public ResultValue unlinkFileAt(String path) {
        return done(() -> backend.unlinkFileAt(path));
    }

    public boolean isSameObject(DescriptorResource other) {
        return backend.isSameObject(other.backend);
    }

    public ResultValue metadataHash() {
        return result(backend::metadataHash);
    }

    public ResultValue metadataHashAt(Set<String> pathFlags, String path) {
        return result(() -> backend.metadataHashAt(follow(pathFlags), path));
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
