package ai.wippy.abi;

import ai.wippy.value.JavaBinding;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.lang.reflect.Type;

/**
 * The {@link JavaLayout}s of one {@link JavaBinding} (one typed-proxy method): per parameter, and
 * for the result when it is lifted straight into its Java type. Made once per binding and kept with
 * it; used for calls of a function whose signature is the binding's.
 */
final class JavaCall {

    final FunctionSignature signature;
    final JavaLayout[] params;
    /** The result's layout, or null when the result is lifted canonical (no Java type, or one taken the general way). */
    final JavaLayout result;
    /** The last other signature object found equal to {@link #signature}. */
    private volatile FunctionSignature sameAs;

    private JavaCall(FunctionSignature signature, JavaLayout[] params, JavaLayout result) {
        this.signature = signature;
        this.params = params;
        this.result = result;
    }

    /** The plan of {@code binding} for a call of a function of signature {@code sig}, or null when it was made for another. */
    static JavaCall of(JavaBinding binding, FunctionSignature sig) {
        JavaCall c = (JavaCall) binding.plan(JavaCall::make);
        return c.fits(sig) ? c : null;
    }

    private static JavaCall make(JavaBinding binding) {
        FunctionSignature sig = binding.signature();
        JavaLayout[] params = new JavaLayout[sig.params().size()];
        for (int i = 0; i < params.length; i++) {
            Type java = binding.javaParam(i);
            params[i] = JavaLayout.of(sig.params().get(i).type(), java == null ? Object.class : java);
        }
        WitType wit = sig.result();
        Type java = binding.resultType();
        JavaLayout result = null;
        if (wit != null && java != null && java != void.class) {
            JavaLayout layout = JavaLayout.ofResult(wit, java);
            result = layout.direct() ? layout : null;
        }
        return new JavaCall(sig, params, result);
    }

    private boolean fits(FunctionSignature sig) {
        if (sig == signature || sig == sameAs) {
            return true;
        }
        if (sig != null && sig.equals(signature)) {
            sameAs = sig;
            return true;
        }
        return false;
    }
}
