package ai.wippy.abi;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.TupleType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Component Model's canonical ABI (synchronous, 32-bit memories): how WIT values are laid out in
 * linear memory and flattened into core parameters and results. Two directions:
 *
 * <ul>
 *   <li>the host calls a guest export: {@link #lowerArguments} then {@link #liftResult};
 *   <li>a guest calls a host import: {@link #liftArguments} then {@link #lowerResult}.
 * </ul>
 *
 * Values are the canonical host values of {@code ai.wippy.value}. Lifting never trusts the guest:
 * bad pointers, lengths, alignment, UTF-8/UTF-16, discriminants, chars and handles throw
 * {@link com.dylibso.chicory.runtime.TrapException}.
 */
public final class CanonicalAbi {

    public static final int MAX_FLAT_PARAMS = 16;
    public static final int MAX_FLAT_RESULTS = 1;

    private CanonicalAbi() {}

    public static int size(WitType t) {
        return Layout.size(t);
    }

    public static int alignment(WitType t) {
        return Layout.alignment(t);
    }

    public static List<ValType> flatten(WitType t) {
        return Layout.flatten(t);
    }

    /** The core type of a lifted export (guest function the host calls). */
    public static FlatSignature flatExport(FunctionSignature sig) {
        List<ValType> params = Layout.flattenAll(paramTypes(sig));
        List<ValType> results = resultFlat(sig);
        boolean paramsSpilled = params.size() > MAX_FLAT_PARAMS;
        boolean resultsSpilled = results.size() > MAX_FLAT_RESULTS;
        return new FlatSignature(
                paramsSpilled ? List.of(ValType.I32) : params,
                resultsSpilled ? List.of(ValType.I32) : results,
                paramsSpilled,
                resultsSpilled);
    }

    /** The core type of a lowered import (host function the guest calls). */
    public static FlatSignature flatImport(FunctionSignature sig) {
        List<ValType> params = Layout.flattenAll(paramTypes(sig));
        List<ValType> results = resultFlat(sig);
        boolean paramsSpilled = params.size() > MAX_FLAT_PARAMS;
        boolean resultsSpilled = results.size() > MAX_FLAT_RESULTS;
        List<ValType> core = new ArrayList<>(paramsSpilled ? List.of(ValType.I32) : params);
        if (resultsSpilled) {
            core.add(ValType.I32);
        }
        return new FlatSignature(core, resultsSpilled ? List.of() : results, paramsSpilled, resultsSpilled);
    }

    // --- host calls a guest export ------------------------------------------------------------

    /**
     * Lowers arguments for a guest export: flat values, or (over {@value #MAX_FLAT_PARAMS}) one pointer
     * to a tuple allocated with the guest's realloc. Opens a borrow scope that {@link #liftResult} closes.
     */
    public static long[] lowerArguments(CanonicalOptions o, FunctionSignature sig, List<Object> args) {
        if (o.resources() != null) {
            o.resources().enterCall();
        }
        Lowerer lowerer = new Lowerer(o);
        List<WitType> types = paramTypes(sig);
        if (Layout.flattenAll(types).size() > MAX_FLAT_PARAMS) {
            TupleType tuple = new TupleType(types);
            int ptr = lowerer.allocate(Layout.alignment(tuple), Layout.size(tuple), "spilled arguments");
            try {
                lowerer.storeTuple(types, args, ptr);
            } catch (ClassCastException | NullPointerException e) {
                throw notCanonical("the arguments", tuple, args, e);
            }
            return new long[] {ptr};
        }
        Lowerer.Sink out = new Lowerer.Sink();
        for (int i = 0; i < types.size(); i++) {
            try {
                lowerer.lowerFlat(types.get(i), args.get(i), out);
            } catch (ClassCastException | NullPointerException e) {
                throw notCanonical(sig.params().get(i).name(), types.get(i), args.get(i), e);
            }
        }
        return out.toArray();
    }

    /**
     * Lifts an export's result (from the flat result, or from the returned pointer when results
     * spill), closes the borrow scope, then runs the post-return hook.
     */
    public static Object liftResult(CanonicalOptions o, FunctionSignature sig, long[] flatResults) {
        Object value = null;
        WitType result = sig.result();
        if (result != null) {
            Lifter lifter = new Lifter(o);
            if (Layout.flatten(result).size() > MAX_FLAT_RESULTS) {
                int ptr = checkedTuple(lifter, result, flatResults, 0, "the returned pointer");
                value = lifter.load(result, ptr);
            } else {
                value = lifter.liftFlat(result, new Lifter.Flat(flatResults));
            }
        }
        if (o.resources() != null) {
            o.resources().exitCall();
        }
        if (o.postReturn() != null) {
            o.postReturn().run();
        }
        return value;
    }

    // --- guest calls a host import ------------------------------------------------------------

    /**
     * Lifts the arguments a guest passed to a host import. Opens a borrow scope (borrowed handles are
     * lent until {@link #lowerResult} closes it).
     */
    public static List<Object> liftArguments(CanonicalOptions o, FunctionSignature sig, long[] flatArgs) {
        if (o.resources() != null) {
            o.resources().enterCall();
        }
        Lifter lifter = new Lifter(o);
        List<WitType> types = paramTypes(sig);
        if (Layout.flattenAll(types).size() > MAX_FLAT_PARAMS) {
            TupleType tuple = new TupleType(types);
            int ptr = checkedTuple(lifter, tuple, flatArgs, 0, "the argument pointer");
            return lifter.loadTuple(types, ptr);
        }
        Lifter.Flat src = new Lifter.Flat(flatArgs);
        List<Object> out = new ArrayList<>(types.size());
        for (WitType t : types) {
            out.add(lifter.liftFlat(t, src));
        }
        return out;
    }

    /**
     * Lowers a host import's result: the flat result, or, when results spill, writes it through the
     * return pointer (the last flat argument) and returns no values. Closes the borrow scope.
     */
    public static long[] lowerResult(CanonicalOptions o, FunctionSignature sig, Object result, long[] flatArgs) {
        long[] out = new long[0];
        WitType type = sig.result();
        if (type != null) {
            Lowerer lowerer = new Lowerer(o);
            if (Layout.flatten(type).size() > MAX_FLAT_RESULTS) {
                if (flatArgs.length == 0) {
                    throw Traps.trap("the return pointer is missing");
                }
                long retptr = GuestMemory.unsigned((int) flatArgs[flatArgs.length - 1]);
                int ptr =
                        lowerer.memory().check(retptr, Layout.size(type), Layout.alignment(type), "the return pointer");
                try {
                    lowerer.store(type, result, ptr);
                } catch (ClassCastException | NullPointerException e) {
                    throw notCanonical("the result", type, result, e);
                }
            } else {
                Lowerer.Sink sink = new Lowerer.Sink();
                try {
                    lowerer.lowerFlat(type, result, sink);
                } catch (ClassCastException | NullPointerException e) {
                    throw notCanonical("the result", type, result, e);
                }
                out = sink.toArray();
            }
        }
        if (o.resources() != null) {
            o.resources().exitCall();
        }
        return out;
    }

    // --- whole calls -------------------------------------------------------------------------

    /**
     * Calls a guest export with canonical arguments and returns its canonical result: lowers, calls,
     * lifts, then calls {@code postReturn} (nullable, e.g. {@code cabi_post_<name>}) with the flat
     * results so the guest can free them.
     */
    public static Object callExport(
            CanonicalOptions o,
            FunctionSignature sig,
            com.dylibso.chicory.runtime.ExportFunction export,
            com.dylibso.chicory.runtime.ExportFunction postReturn,
            List<Object> args) {
        long[] flatArgs = lowerArguments(o, sig, args);
        long[] flatResults = export.apply(flatArgs);
        CanonicalOptions options = postReturn == null ? o : o.withPostReturn(() -> postReturn.apply(flatResults));
        return liftResult(options, sig, flatResults);
    }

    /**
     * A host function a guest imports ({@code canon lower}): its core type is {@link #flatImport};
     * arguments are lifted from the calling instance with the options {@code options} gives for it,
     * {@code impl} runs on canonical values, and its result is lowered back (through the return
     * pointer when it spills).
     */
    public static com.dylibso.chicory.runtime.HostFunction hostFunction(
            String module,
            String name,
            FunctionSignature sig,
            java.util.function.Function<com.dylibso.chicory.runtime.Instance, CanonicalOptions> options,
            java.util.function.Function<List<Object>, Object> impl) {
        FlatSignature flat = flatImport(sig);
        return new com.dylibso.chicory.runtime.HostFunction(module, name, flat.coreType(), (instance, flatArgs) -> {
            CanonicalOptions o = options.apply(instance);
            List<Object> args = liftArguments(o, sig, flatArgs);
            Object result;
            try {
                result = impl.apply(args);
            } catch (RuntimeException e) {
                if (o.resources() != null) {
                    o.resources().exitCallQuietly();
                }
                throw e;
            }
            return lowerResult(o, sig, result, flatArgs);
        });
    }

    // --- memory -------------------------------------------------------------------------------

    /** Loads a value of type {@code t} from {@code ptr}, checking bounds and alignment first. */
    public static Object load(CanonicalOptions o, WitType t, int ptr) {
        Lifter lifter = new Lifter(o);
        int p = lifter.memory().check(GuestMemory.unsigned(ptr), Layout.size(t), Layout.alignment(t), t.describe());
        return lifter.load(t, p);
    }

    /** Stores {@code v} at {@code ptr} (strings and lists are allocated with the guest's realloc). */
    public static void store(CanonicalOptions o, WitType t, Object v, int ptr) {
        Lowerer lowerer = new Lowerer(o);
        int p = lowerer.memory().check(GuestMemory.unsigned(ptr), Layout.size(t), Layout.alignment(t), t.describe());
        try {
            lowerer.store(t, v, p);
        } catch (ClassCastException | NullPointerException e) {
            throw notCanonical("the value", t, v, e);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    static List<WitType> paramTypes(FunctionSignature sig) {
        List<WitType> out = new ArrayList<>(sig.params().size());
        for (Param p : sig.params()) {
            out.add(p.type());
        }
        return out;
    }

    private static List<ValType> resultFlat(FunctionSignature sig) {
        return sig.result() == null ? List.of() : Layout.flatten(sig.result());
    }

    /**
     * Lowering trusts that host values are canonical (the registry converted them); when one is not,
     * say which value and type instead of leaking a ClassCastException.
     */
    private static IllegalArgumentException notCanonical(String what, WitType type, Object value, RuntimeException e) {
        return new IllegalArgumentException(
                what + " is not a canonical " + type.describe() + " value ("
                        + (value == null ? "null" : value.getClass().getSimpleName()) + "): " + e.getMessage(),
                e);
    }

    private static int checkedTuple(Lifter lifter, WitType t, long[] flat, int index, String what) {
        if (flat.length <= index) {
            throw Traps.trap(what + " is missing");
        }
        long ptr = GuestMemory.unsigned((int) flat[index]);
        return lifter.memory().check(ptr, Layout.size(t), Layout.alignment(t), what);
    }
}
