package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.abi.ResourceTables;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi:io/streams} and {@code wasi:io/poll} as typed hosts, linked against their WIT the way
 * a component's imports are: reads and writes answer {@code result<_, stream-error>} ({@code
 * closed}, or {@code last-operation-failed} with an {@code error} handle {@code wasi:io/error}
 * reads), lengths are capped, {@code poll} takes a {@code list<borrow<pollable>>}.
 */
class IoStreamsHostTest {

    static final WitSignatures WIT = new WitSignatures("""
            variant stream-error { last-operation-failed(own<error>), closed }
            input-stream_read: func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>;
            input-stream_blocking-read: func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>;
            input-stream_skip: func(self: borrow<input-stream>, len: u64) -> result<u64, stream-error>;
            input-stream_subscribe: func(self: borrow<input-stream>) -> own<pollable>;
            output-stream_check-write: func(self: borrow<output-stream>) -> result<u64, stream-error>;
            output-stream_write: func(self: borrow<output-stream>, contents: list<u8>) -> result<_, stream-error>;
            output-stream_blocking-write-and-flush: func(self: borrow<output-stream>, contents: list<u8>)
                -> result<_, stream-error>;
            output-stream_write-zeroes: func(self: borrow<output-stream>, len: u64) -> result<_, stream-error>;
            output-stream_splice: func(self: borrow<output-stream>, src: borrow<input-stream>, len: u64)
                -> result<u64, stream-error>;
            pollable_ready: func(self: borrow<pollable>) -> bool;
            poll: func(in: list<borrow<pollable>>) -> list<u32>;
            error_to-debug-string: func(self: borrow<error>) -> string;
            """);

    private final ResourceTables table = new ResourceTables();
    private final BoundInterface streams = bind(new IoStreamsHost(), "wasi:io/streams@0.2.3");
    private final BoundInterface poll = bind(IoPollHost.host(), "wasi:io/poll@0.2.3");
    private final BoundInterface errors = bind(IoErrorHost.host(), "wasi:io/error@0.2.3");

    private BoundInterface bind(ai.wippy.component.host.HostInterface host, String importName) {
        return host.bind(new HostBinding(null, importName, Set.of("wasi:io"), null, table));
    }

    private Object call(BoundInterface host, String function, Object... args) throws Exception {
        return WIT.link(host, function).call(List.of(args));
    }

    @Test
    void readsAnswerDataThenClosed() throws Exception {
        BufferedInput input = BufferedInput.of("hello world".getBytes(StandardCharsets.UTF_8));
        ResourceHandle in = table.own("input-stream", input);

        ResultValue first = (ResultValue) call(streams, "[method]input-stream.read", in, 5L);
        assertThat(new String((byte[]) first.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(call(streams, "[method]input-stream.skip", in, 1L)).isEqualTo(ResultValue.ok(1L));
        // a u64 above the signed range (-1 as a long) is capped, not an error
        ResultValue rest = (ResultValue) call(streams, "[method]input-stream.blocking-read", in, -1L);
        assertThat(new String((byte[]) rest.value(), StandardCharsets.UTF_8)).isEqualTo("world");
        assertThat(call(streams, "[method]input-stream.read", in, 5L))
                .isEqualTo(ResultValue.err(new VariantValue("closed", null)));
    }

    @Test
    void aFailedReadHandsOutAnErrorHandleWithItsMessage() throws Exception {
        BufferedInput input = new BufferedInput();
        input.fail("connection reset", null);
        ResourceHandle in = table.own("input-stream", input);

        ResultValue failed = (ResultValue) call(streams, "[method]input-stream.read", in, 5L);
        assertThat(failed.ok()).isFalse();
        VariantValue error = (VariantValue) failed.value();
        assertThat(error.caseName()).isEqualTo("last-operation-failed");
        ResourceHandle handle = (ResourceHandle) error.payload();
        assertThat(handle.own()).isTrue();
        assertThat(call(errors, "[method]error.to-debug-string", handle)).isEqualTo("connection reset");
    }

    @Test
    void writesReachTheSinkAndSpliceCopies() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ResourceHandle out = table.own("output-stream", new SinkOutput(sink, false));
        ResourceHandle in = table.own("input-stream", BufferedInput.of("spliced".getBytes(StandardCharsets.UTF_8)));

        assertThat(((ResultValue) call(streams, "[method]output-stream.check-write", out)).ok())
                .isTrue();
        assertThat(call(streams, "[method]output-stream.write", out, "ab".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ResultValue.ok(null));
        assertThat(call(streams, "[method]output-stream.write-zeroes", out, 2L)).isEqualTo(ResultValue.ok(null));
        assertThat(call(
                        streams,
                        "[method]output-stream.blocking-write-and-flush",
                        out,
                        "c".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ResultValue.ok(null));
        assertThat(call(streams, "[method]output-stream.splice", out, in, 100L)).isEqualTo(ResultValue.ok(7L));
        assertThat(sink.toByteArray()).isEqualTo("ab\0\0cspliced".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pollTakesAListOfBorrowedPollables() throws Exception {
        BufferedInput pending = new BufferedInput();
        ResourceHandle waiting = table.own("input-stream", pending);
        ResourceHandle done = table.own("input-stream", BufferedInput.of(new byte[] {1}));
        ResourceHandle p0 = (ResourceHandle) call(streams, "[method]input-stream.subscribe", waiting);
        ResourceHandle p1 = (ResourceHandle) call(streams, "[method]input-stream.subscribe", done);

        assertThat(call(poll, "[method]pollable.ready", p0)).isEqualTo(false);
        assertThat(call(poll, "poll", List.of(p0, p1))).isEqualTo(List.of(1L));
        pending.offer(new byte[] {2});
        assertThat(call(poll, "poll", List.of(p0, p1))).isEqualTo(List.of(0L, 1L));

        // a handle of something else in the list traps
        assertThatThrownBy(() -> call(poll, "poll", List.of(p0, waiting)))
                .hasMessageContaining("does not hold a Pollable");
    }
}
