package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.value.ResultValue;

/**
 * {@code wasi:io/streams}: input and output streams over whatever host object stands behind them
 * (stdio, files, HTTP bodies, sockets). Errors are {@code stream-error} results, never traps.
 */
public final class IoStreamsHost extends WasiHost {

    /** The most one read hands out, whatever the guest asks for. */
    public static final int MAX_READ = 1 << 20;

    public IoStreamsHost() {
        super("wasi:io/streams");
    }

    /** An operation on a stream that may fail with a {@code stream-error}. */
    @FunctionalInterface
    private interface StreamOp {
        Object run() throws StreamException;
    }

    private static Object result(HostBinding b, StreamOp op) {
        try {
            return ResultValue.ok(op.run());
        } catch (StreamException e) {
            return Resources.streamError(b, e);
        }
    }

    @Override
    protected HostFunction function(HostBinding b, String function) {
        return switch (function) {
            case "[method]input-stream.read" ->
                args -> result(b, () -> in(b, args.get(0)).read(Resources.length(args.get(1), MAX_READ)));
            case "[method]input-stream.blocking-read" ->
                args -> result(b, () -> in(b, args.get(0)).blockingRead(Resources.length(args.get(1), MAX_READ)));
            case "[method]input-stream.skip" ->
                args -> result(b, () -> in(b, args.get(0)).skip(Resources.length(args.get(1), MAX_READ)));
            case "[method]input-stream.blocking-skip" ->
                args -> result(b, () -> in(b, args.get(0)).blockingSkip(Resources.length(args.get(1), MAX_READ)));
            case "[method]input-stream.subscribe" ->
                args -> Resources.own(b, "pollable", in(b, args.get(0)).subscribe());
            case "[method]output-stream.check-write" ->
                args -> result(b, () -> out(b, args.get(0)).checkWrite());
            case "[method]output-stream.write" ->
                args -> result(b, () -> {
                    out(b, args.get(0)).write((byte[]) args.get(1));
                    return null;
                });
            case "[method]output-stream.blocking-write-and-flush" ->
                args -> result(b, () -> {
                    out(b, args.get(0)).blockingWriteAndFlush((byte[]) args.get(1));
                    return null;
                });
            case "[method]output-stream.flush" ->
                args -> result(b, () -> {
                    out(b, args.get(0)).flush();
                    return null;
                });
            case "[method]output-stream.blocking-flush" ->
                args -> result(b, () -> {
                    out(b, args.get(0)).blockingFlush();
                    return null;
                });
            case "[method]output-stream.subscribe" ->
                args -> Resources.own(b, "pollable", out(b, args.get(0)).subscribe());
            case "[method]output-stream.write-zeroes" ->
                args -> result(b, () -> {
                    out(b, args.get(0)).write(new byte[Resources.length(args.get(1), MAX_READ)]);
                    return null;
                });
            case "[method]output-stream.blocking-write-zeroes-and-flush" ->
                args -> result(b, () -> {
                    out(b, args.get(0)).blockingWriteAndFlush(new byte[Resources.length(args.get(1), MAX_READ)]);
                    return null;
                });
            case "[method]output-stream.splice" -> args -> result(b, () -> splice(b, args, false));
            case "[method]output-stream.blocking-splice" -> args -> result(b, () -> splice(b, args, true));
            default -> null;
        };
    }

    private static long splice(HostBinding b, java.util.List<Object> args, boolean blocking) throws StreamException {
        OutputResource out = out(b, args.get(0));
        InputResource in = in(b, args.get(1));
        int len = Resources.length(args.get(2), MAX_READ);
        if (blocking) {
            while (out.checkWrite() == 0) {
                out.subscribe().block();
            }
        }
        int permitted = (int) Math.min(len, out.checkWrite());
        byte[] data = blocking ? in.blockingRead(permitted) : in.read(permitted);
        if (data.length > 0) {
            out.write(data);
        }
        return data.length;
    }

    private static InputResource in(HostBinding b, Object handle) {
        return Resources.borrow(b, handle, InputResource.class);
    }

    private static OutputResource out(HostBinding b, Object handle) {
        return Resources.borrow(b, handle, OutputResource.class);
    }
}
