package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.WitError;
import ai.wippy.value.VariantValue;

/** A refused header operation: its {@code header-error} case is {@code invalid-syntax}, {@code forbidden} or {@code immutable}. */
final class HeaderException extends Exception implements WitError {

    private final String code;

    HeaderException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }

    @Override
    public Object witError() {
        return new VariantValue(code, null);
    }
}
