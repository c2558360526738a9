package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;

/** {@link AbiBridge} over {@code ai.wippy.abi.CanonicalAbi}. */
final class CanonicalAbiBridge implements AbiBridge {

    static final CanonicalAbiBridge INSTANCE = new CanonicalAbiBridge();

    @Override
    public FunctionType loweredType(FunctionSignature signature) {
        throw new UnsupportedOperationException("pending ai.wippy.abi");
    }

    @Override
    public FunctionType liftedType(FunctionSignature signature) {
        throw new UnsupportedOperationException("pending ai.wippy.abi");
    }

    @Override
    public Object callLifted(CoreFunc core, CanonOptions options, FunctionSignature signature, List<Object> args) {
        throw new UnsupportedOperationException("pending ai.wippy.abi");
    }

    @Override
    public long[] callLowered(ComponentFunc target, CanonOptions options, FunctionSignature signature, long[] args) {
        throw new UnsupportedOperationException("pending ai.wippy.abi");
    }
}
