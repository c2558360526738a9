package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.CodedWitError;
import ai.wippy.value.VariantValue;

/** A refused header operation: its {@code header-error} case is {@code invalid-syntax}, {@code forbidden} or {@code immutable}. */
final class HeaderException extends CodedWitError {

    HeaderException(String code, String message) {
        super(code, message);
    }

    /** {@code header-error} is a variant: its case comes as a {@link VariantValue}. */
    @Override
    public Object witError() {
        return new VariantValue(code(), null);
    }
}
