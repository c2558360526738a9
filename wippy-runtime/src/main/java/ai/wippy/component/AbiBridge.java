package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;

/**
 * The two crossings of the canonical ABI the component host needs: the host calling a lifted guest
 * export, and a guest calling a lowered function. Implemented on top of {@code ai.wippy.abi}.
 */
interface AbiBridge {

    /** The core type a lowered function of this signature has. */
    FunctionType loweredType(FunctionSignature signature);

    /** The core type a core function must have to be lifted to this signature. */
    FunctionType liftedType(FunctionSignature signature);

    /** Host to guest: lowers the arguments, calls, lifts the result, runs post-return. */
    Object callLifted(CoreFunc core, CanonOptions options, FunctionSignature signature, List<Object> args);

    /** Guest to host: lifts the core arguments, calls the target, lowers its result. */
    long[] callLowered(ComponentFunc target, CanonOptions options, FunctionSignature signature, long[] args)
            throws Exception;
}
