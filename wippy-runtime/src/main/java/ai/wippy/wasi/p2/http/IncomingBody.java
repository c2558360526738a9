package ai.wippy.wasi.p2.http;

/**
 * The host object behind {@code incoming-body}: hands out its stream once; dropping the body before
 * taking the stream stops the transfer.
 */
final class IncomingBody extends BodyResource<BodyInput> {

    IncomingBody(BodyInput input) {
        super(input);
    }

    BodyInput input() {
        return body();
    }

    @Override
    public void close() {
        if (!streamTaken()) {
            body().close();
        }
    }
}
