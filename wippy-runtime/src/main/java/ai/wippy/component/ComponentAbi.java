package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType.*;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Canonical ABI for the component host: lifting and lowering canonical values (see {@code
 * ai.wippy.value}) to and from flat core values and guest memory, for calls in both directions.
 * Flat values use Chicory's convention (a {@code long} per value, floats as raw bits), which makes
 * the joined slots of variants plain reinterpretations.
 */
final class ComponentAbi implements AbiBridge {

    static final ComponentAbi INSTANCE = new ComponentAbi();

    static final int MAX_FLAT_PARAMS = 16;
    static final int MAX_FLAT_RESULTS = 1;

    @Override
    public FunctionType liftedType(FunctionSignature signature) {
        List<ValType> params = flatParams(signature);
        List<ValType> results = flatResults(signature);
        if (params.size() > MAX_FLAT_PARAMS) {
            params = List.of(ValType.I32);
        }
        if (results.size() > MAX_FLAT_RESULTS) {
            results = List.of(ValType.I32);
        }
        return FunctionType.of(params, results);
    }

    @Override
    public FunctionType loweredType(FunctionSignature signature) {
        List<ValType> params = flatParams(signature);
        List<ValType> results = flatResults(signature);
        if (params.size() > MAX_FLAT_PARAMS) {
            params = new ArrayList<>(List.of(ValType.I32));
        }
        if (results.size() > MAX_FLAT_RESULTS) {
            params = new ArrayList<>(params);
            params.add(ValType.I32);
            results = List.of();
        }
        return FunctionType.of(params, results);
    }

    // per signature object, computed once (the signatures of a component are built when it is decoded)
    private static final AbiLayout.Memo<List<ValType>> FLAT_PARAMS = new AbiLayout.Memo<>();
    private static final AbiLayout.Memo<TupleType> PARAM_TUPLES = new AbiLayout.Memo<>();

    private static List<ValType> flatParams(FunctionSignature s) {
        return FLAT_PARAMS.get(s, k -> {
            List<ValType> out = new ArrayList<>();
            for (Param p : s.params()) {
                AbiLayout.flatten(p.type(), out);
            }
            return List.copyOf(out);
        });
    }

    private static List<ValType> flatResults(FunctionSignature s) {
        return s.result() == null ? List.of() : AbiLayout.flatten(s.result());
    }

    private static TupleType paramTuple(FunctionSignature s) {
        return PARAM_TUPLES.get(
                s, k -> new TupleType(s.params().stream().map(Param::type).toList()));
    }

    @Override
    public Object callLifted(CoreFunc core, CanonOptions options, FunctionSignature signature, List<Object> args) {
        AbiCall cx = new AbiCall(options);
        long[] coreArgs;
        List<ValType> flat = flatParams(signature);
        if (flat.size() > MAX_FLAT_PARAMS) {
            TupleType tuple = paramTuple(signature);
            int ptr = cx.alloc(AbiLayout.alignment(tuple), AbiLayout.size(tuple));
            cx.store(tuple, args, ptr);
            coreArgs = new long[] {ptr & 0xffffffffL};
        } else {
            FlatValues.Writer w = new FlatValues.Writer(flat);
            for (int i = 0; i < args.size(); i++) {
                cx.lowerFlat(signature.params().get(i).type(), args.get(i), w);
            }
            coreArgs = w.values;
        }
        long[] results = core.call(coreArgs);
        Object result = null;
        if (signature.result() != null) {
            List<ValType> flatResult = flatResults(signature);
            if (flatResult.size() > MAX_FLAT_RESULTS) {
                result = cx.load(signature.result(), (int) results[0]);
            } else {
                result = cx.liftFlat(signature.result(), new FlatValues.Reader(results, flatResult));
            }
        }
        if (options.postReturn() != null) {
            options.postReturn().call(results == null ? new long[0] : results);
        }
        return result;
    }

    @Override
    public long[] callLowered(ComponentFunc target, CanonOptions options, FunctionSignature signature, long[] args)
            throws Exception {
        AbiCall cx = new AbiCall(options);
        List<ValType> flat = flatParams(signature);
        List<Object> values = new ArrayList<>(signature.params().size());
        if (flat.size() > MAX_FLAT_PARAMS) {
            @SuppressWarnings("unchecked")
            List<Object> loaded = (List<Object>) cx.load(paramTuple(signature), (int) args[0]);
            values.addAll(loaded);
        } else {
            FlatValues.Reader r = new FlatValues.Reader(args, flat);
            for (Param p : signature.params()) {
                values.add(cx.liftFlat(p.type(), r));
            }
        }
        Object result = target.call(values);
        if (signature.result() == null) {
            return new long[0];
        }
        List<ValType> flatResult = flatResults(signature);
        if (flatResult.size() > MAX_FLAT_RESULTS) {
            cx.store(signature.result(), result, (int) args[args.length - 1]);
            return new long[0];
        }
        FlatValues.Writer w = new FlatValues.Writer(flatResult);
        cx.lowerFlat(signature.result(), result, w);
        return w.values;
    }
}
