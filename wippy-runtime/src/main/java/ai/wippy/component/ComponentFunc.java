package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import java.util.List;

/** A component-level function: lifted from a core function, or provided by the host. */
interface ComponentFunc {

    FunctionSignature signature();

    /** Calls with canonical arguments, returns the canonical result ({@code null} for none). */
    Object call(List<Object> args) throws Exception;
}
