package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import java.util.List;

/** An exported function of a {@link ComponentInstance}, called with canonical values. */
public final class ComponentFunction {

    /** The export, under the signature the caller named it by (its own, or renamed). */
    private final ComponentFunc target;

    ComponentFunction(ComponentFunc target) {
        this.target = target;
    }

    public FunctionSignature signature() {
        return target.signature();
    }

    /**
     * Calls the function. Arguments are canonical values of the parameter types (see
     * {@code ai.wippy.value}); the result is canonical too, {@code null} when there is none.
     */
    public Object call(List<Object> args) throws Exception {
        return target.call(args);
    }
}
