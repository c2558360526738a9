package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import java.util.List;

/** An exported function of a {@link ComponentInstance}, called with canonical values. */
public final class ComponentFunction {

    private final ComponentFunc target;
    private final FunctionSignature signature;

    ComponentFunction(ComponentFunc target, FunctionSignature signature) {
        this.target = target;
        this.signature = signature;
    }

    public FunctionSignature signature() {
        return signature;
    }

    /**
     * Calls the function. Arguments are canonical values of the parameter types (see
     * {@code ai.wippy.value}); the result is canonical too, {@code null} when there is none.
     */
    public Object call(List<Object> args) throws Exception {
        return target.call(args);
    }
}
