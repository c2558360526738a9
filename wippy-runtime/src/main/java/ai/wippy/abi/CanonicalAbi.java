package ai.wippy.abi;

import ai.wippy.value.JavaArguments;
import ai.wippy.value.JavaBinding;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.TupleType;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
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

    private static final long[] NO_VALUES = new long[0];

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

    /** What a signature flattens to, computed once per signature object (the layout cache). */
    private record Plan(
            List<WitType> params,
            TupleType paramTuple,
            List<ValType> flatParams,
            List<ValType> flatResults,
            boolean paramsSpilled,
            boolean resultsSpilled,
            FlatSignature export,
            FlatSignature imported,
            ImportPlan importPlan) {

        static Plan of(FunctionSignature sig) {
            List<WitType> types = new ArrayList<>(sig.params().size());
            for (Param p : sig.params()) {
                types.add(p.type());
            }
            List<ValType> params = List.copyOf(Layout.flattenAll(types));
            List<ValType> results = sig.result() == null ? List.of() : Layout.flatten(sig.result());
            boolean paramsSpilled = params.size() > MAX_FLAT_PARAMS;
            boolean resultsSpilled = results.size() > MAX_FLAT_RESULTS;
            FlatSignature export = new FlatSignature(
                    paramsSpilled ? List.of(ValType.I32) : params,
                    resultsSpilled ? List.of(ValType.I32) : results,
                    paramsSpilled,
                    resultsSpilled);
            List<ValType> core = new ArrayList<>(paramsSpilled ? List.of(ValType.I32) : params);
            if (resultsSpilled) {
                core.add(ValType.I32);
            }
            FlatSignature imported =
                    new FlatSignature(core, resultsSpilled ? List.of() : results, paramsSpilled, resultsSpilled);
            List<WitType> paramTypes = List.copyOf(types);
            TupleType tuple = new TupleType(paramTypes);
            return new Plan(
                    paramTypes,
                    tuple,
                    params,
                    results,
                    paramsSpilled,
                    resultsSpilled,
                    export,
                    imported,
                    new ImportPlan(sig, paramTypes, tuple, params.size(), results.size()));
        }
    }

    private static final Layout.Memo<Plan> PLANS = new Layout.Memo<>();

    private static Plan plan(FunctionSignature sig) {
        return PLANS.get(sig, k -> Plan.of((FunctionSignature) k)); // no capture: no allocation per lookup
    }

    /** The core type of a lifted export (guest function the host calls). */
    public static FlatSignature flatExport(FunctionSignature sig) {
        return plan(sig).export();
    }

    /** The core type of a lowered import (host function the guest calls). */
    public static FlatSignature flatImport(FunctionSignature sig) {
        return plan(sig).imported();
    }

    // --- host calls a guest export ------------------------------------------------------------

    /**
     * Lowers arguments for a guest export: flat values, or (over {@value #MAX_FLAT_PARAMS}) one pointer
     * to a tuple allocated with the guest's realloc. Opens a borrow scope that {@link #liftResult} closes.
     */
    public static long[] lowerArguments(CanonicalOptions o, FunctionSignature sig, List<Object> args) {
        return lowerArguments(o, sig, args, null);
    }

    private static long[] lowerArguments(CanonicalOptions o, FunctionSignature sig, List<Object> args, JavaCall typed) {
        if (o.resources() != null) {
            o.resources().enterCall();
        }
        try {
            return typed == null
                    ? lowerArgumentsInScope(o, sig, args)
                    : lowerJavaArguments(o, sig, (JavaArguments) args, typed);
        } catch (RuntimeException e) {
            exitQuietly(o);
            throw e;
        }
    }

    /** Java arguments written straight into the guest, each checked as it is written (errors name the value's path). */
    private static long[] lowerJavaArguments(
            CanonicalOptions o, FunctionSignature sig, JavaArguments args, JavaCall typed) {
        Lowerer lowerer = new Lowerer(o);
        Plan plan = plan(sig);
        JavaLayout[] params = typed.params;
        // over 16 flat values: the arguments as a tuple in guest memory, its pointer the one flat value
        int tuple = plan.paramsSpilled()
                ? lowerer.allocate(
                        Layout.alignment(plan.paramTuple()), Layout.size(plan.paramTuple()), "spilled arguments")
                : -1;
        int[] offsets = tuple < 0 ? null : Layout.offsets(plan.paramTuple());
        Lowerer.Sink out = new Lowerer.Sink(tuple < 0 ? plan.flatParams().size() : 1);
        for (int i = 0; i < params.length; i++) {
            try {
                if (tuple < 0) {
                    params[i].lowerFlat(lowerer, args.java(i), out);
                } else {
                    params[i].store(lowerer, args.java(i), tuple + offsets[i]);
                }
            } catch (ValueShapeException e) {
                throw e.under(sig.params().get(i).name());
            } catch (ClassCastException | NullPointerException e) {
                throw notCanonical(sig.params().get(i).name(), params[i].wit, args.java(i), e);
            }
        }
        if (tuple >= 0) {
            out.add(tuple & 0xFFFF_FFFFL);
        }
        return out.toArray();
    }

    private static long[] lowerArgumentsInScope(CanonicalOptions o, FunctionSignature sig, List<Object> args) {
        Lowerer lowerer = new Lowerer(o);
        Plan plan = plan(sig);
        List<WitType> types = plan.params();
        if (args.size() != types.size()) {
            throw new IllegalArgumentException(
                    sig.name() + " takes " + types.size() + " argument(s), got " + args.size());
        }
        if (plan.paramsSpilled()) {
            TupleType tuple = plan.paramTuple();
            int ptr = lowerer.allocate(Layout.alignment(tuple), Layout.size(tuple), "spilled arguments");
            try {
                lowerer.storeTuple(tuple, args, ptr);
            } catch (ClassCastException | NullPointerException e) {
                throw notCanonical("the arguments", tuple, args, e);
            }
            return new long[] {ptr & 0xFFFF_FFFFL};
        }
        Lowerer.Sink out = new Lowerer.Sink(plan.flatParams().size());
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
        return liftResult(o, sig, flatResults, null);
    }

    /**
     * {@link #liftResult}; with {@code typed} (a {@link JavaLayout} for the result, spilled or flat),
     * lifted straight into its Java type, handed on as {@link JavaBinding#lifted}.
     */
    private static Object liftResult(CanonicalOptions o, FunctionSignature sig, long[] flatResults, JavaLayout typed) {
        Object value = null;
        WitType result = sig.result();
        if (result != null) {
            Lifter lifter = new Lifter(o);
            try {
                boolean spilled = plan(sig).resultsSpilled();
                int ptr = spilled ? checkedTuple(lifter, result, flatResults, 0, "the returned pointer") : 0;
                if (typed == null) {
                    value = spilled ? lifter.load(result, ptr) : lifter.liftFlat(result, new Lifter.Flat(flatResults));
                } else {
                    try {
                        value = spilled
                                ? typed.handOn(lifter, ptr)
                                : typed.handOnFlat(lifter, new Lifter.Flat(flatResults));
                    } catch (ValueShapeException e) {
                        throw e.under("result");
                    }
                }
            } catch (RuntimeException e) {
                exitQuietly(o);
                throw e;
            }
        }
        if (o.resources() != null) {
            o.resources().exitCall();
        }
        if (o.postReturn() != null) {
            o.postReturn().run(flatResults == null ? NO_VALUES : flatResults);
        }
        return value;
    }

    // --- guest calls a host import ------------------------------------------------------------

    /**
     * Lifts the arguments a guest passed to a host import. When the signature can lend a handle (a
     * {@code borrow} among its parameters) opens a borrow scope: borrowed handles are lent until
     * {@link #lowerResult} closes it.
     */
    public static List<Object> liftArguments(CanonicalOptions o, FunctionSignature sig, long[] flatArgs) {
        return plan(sig).importPlan().liftArguments(o, flatArgs);
    }

    /**
     * Lowers a host import's result: the flat result, or, when results spill, writes it through the
     * return pointer (the last flat argument) and returns no values. Closes the borrow scope.
     */
    public static long[] lowerResult(CanonicalOptions o, FunctionSignature sig, Object result, long[] flatArgs) {
        return plan(sig).importPlan().lowerResult(o, result, flatArgs);
    }

    // --- whole calls -------------------------------------------------------------------------

    /**
     * Calls a guest export with canonical arguments and returns its canonical result: lowers, calls,
     * lifts, then runs the options' post-return with the flat results so the guest can free them.
     * When the call fails its borrow scope is closed without the borrow check.
     */
    public static Object callExport(
            CanonicalOptions o, FunctionSignature sig, ExportFunction export, List<Object> args) {
        // Java arguments of a typed proxy: written straight into memory, the result read straight into Java
        JavaCall typed = args instanceof JavaArguments java ? JavaCall.of(java.binding(), sig) : null;
        long[] flatArgs = lowerArguments(o, sig, args, typed);
        long[] flatResults;
        try {
            flatResults = export.apply(flatArgs);
        } catch (RuntimeException e) {
            if (o.resources() != null) {
                o.resources().exitCallQuietly();
            }
            throw e;
        }
        return liftResult(o, sig, flatResults, typed == null ? null : typed.result);
    }

    /** A host implementation a guest calls through the canonical ABI, on canonical values. */
    @FunctionalInterface
    public interface Callee {
        Object call(List<Object> args) throws Exception;
    }

    /**
     * A guest calls a host function ({@code canon lower}): lifts the flat arguments, runs {@code
     * impl}, lowers its result (through the return pointer when it spills). A checked exception of
     * the host is not a trap: it becomes an {@link IllegalStateException} naming the function.
     */
    public static long[] callImport(CanonicalOptions o, FunctionSignature sig, long[] flatArgs, Callee impl) {
        return plan(sig).importPlan().call(o, flatArgs, impl);
    }

    /**
     * A host function linked once for {@code sig}: its canonical plan is compiled here ({@link
     * ImportPlan}), not looked up on each call.
     */
    public static Import linkImport(FunctionSignature sig) {
        return plan(sig).importPlan();
    }

    /** A host import whose canonical plan was compiled when it was linked ({@link #linkImport}). */
    public interface Import {
        /** {@link CanonicalAbi#callImport} of the linked signature. */
        long[] call(CanonicalOptions o, long[] flatArgs, Callee impl);
    }

    private static void exitQuietly(CanonicalOptions o) {
        if (o.resources() != null) {
            o.resources().exitCallQuietly();
        }
    }

    /**
     * A host function a guest core module imports: its core type is {@link #flatImport};
     * arguments are lifted from the calling instance with the options {@code options} gives for it,
     * {@code impl} runs on canonical values, and its result is lowered back.
     */
    public static HostFunction hostFunction(
            String module,
            String name,
            FunctionSignature sig,
            java.util.function.Function<Instance, CanonicalOptions> options,
            Callee impl) {
        Plan plan = plan(sig);
        ImportPlan linked = plan.importPlan();
        return new HostFunction(
                module,
                name,
                plan.imported().coreType(),
                (instance, flatArgs) -> linked.call(options.apply(instance), flatArgs, impl));
    }

    // --- memory -------------------------------------------------------------------------------

    /** Loads a value of type {@code t} from {@code ptr}, checking bounds and alignment first. */
    public static Object load(CanonicalOptions o, WitType t, int ptr) {
        Lifter lifter = new Lifter(o);
        int p = lifter.memory().check(GuestMemory.unsigned(ptr), Layout.size(t), Layout.alignment(t), t);
        return lifter.load(t, p);
    }

    /** Stores {@code v} at {@code ptr} (strings and lists are allocated with the guest's realloc). */
    public static void store(CanonicalOptions o, WitType t, Object v, int ptr) {
        Lowerer lowerer = new Lowerer(o);
        int p = lowerer.memory().check(GuestMemory.unsigned(ptr), Layout.size(t), Layout.alignment(t), t);
        try {
            lowerer.store(t, v, p);
        } catch (ClassCastException | NullPointerException e) {
            throw notCanonical("the value", t, v, e);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /**
     * Lowering trusts that host values are canonical (the registry converted them); when one is not,
     * say which value and type instead of leaking a ClassCastException.
     */
    static IllegalArgumentException notCanonical(String what, WitType type, Object value, RuntimeException e) {
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
