package ai.wippy.value;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Primitive;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The binding of one Java method to one WIT function, both directions in one place, built once (per
 * typed-proxy method): {@link #lower} checks the Java arguments against the parameter types and
 * brings them to their canonical form ({@link CanonicalValues}), {@link #lift} turns the canonical
 * result into the type the method declares ({@link JavaTypeMapper}). What is decided by the types
 * alone (which parameters are scalars that pass as they are, which result needs no conversion) is
 * decided here, once, and not again on every call.
 */
public final class JavaBinding {

    /** How a result lifts: as it is, because its canonical form already is the declared Java type. */
    private static final int AS_IS = 0;
    /** Through {@link JavaTypeMapper#toJava}. */
    private static final int MAPPED = 1;
    /** Nothing: the method returns {@code void}. */
    private static final int NOTHING = 2;

    private final FunctionSignature signature;
    private final WitType[] params;
    private final String[] names;
    /** Per parameter: the boxed class that is already canonical for it ({@code Integer} for {@code s32}), or null. */
    private final Class<?>[] passes;
    /** Per parameter: how its Java values lower ({@link JavaPlan}), or null for the general way. */
    private final JavaPlan[] lowering;
    /** How the result lifts, or null for the general way. */
    private final JavaPlan lifting;

    private final Type result;
    private final Class<?> resultClass;
    private final int resultMode;
    /** The Java parameter types, or null. */
    private final Type[] javaParams;
    /**
     * Whether calls hand the Java arguments on as they are ({@link JavaArguments}) for the canonical
     * ABI to write straight into guest memory and lift the result straight into the Java type: when
     * a parameter or the result is more than a scalar.
     */
    private final boolean direct;
    /** What the canonical ABI derived from this binding (its plans for guest memory), made on first use. */
    private volatile Object abiPlan;

    private JavaBinding(FunctionSignature signature, Type[] javaParams, Type result) {
        this.signature = signature;
        int n = signature == null ? 0 : signature.params().size();
        this.params = new WitType[n];
        this.names = new String[n];
        this.passes = new Class<?>[n];
        this.lowering = new JavaPlan[n];
        for (int i = 0; i < n; i++) {
            params[i] = signature.params().get(i).type();
            names[i] = signature.params().get(i).name();
            passes[i] = params[i] instanceof Primitive p ? canonicalClass(p) : null;
            lowering[i] = passes[i] != null || javaParams == null || i >= javaParams.length
                    ? null
                    : JavaPlan.of(params[i], javaParams[i]);
        }
        this.lifting = signature == null || signature.result() instanceof Primitive
                ? null
                : JavaPlan.of(signature.result(), result);
        this.result = result;
        Class<?> raw = result == null ? null : JavaTypeMapper.rawClass(result);
        if (raw == null || raw == void.class || raw == Void.class) {
            this.resultClass = null;
            this.resultMode = raw == void.class ? NOTHING : AS_IS;
        } else {
            Class<?> boxed = boxed(raw);
            boolean scalar =
                    signature != null && signature.result() instanceof Primitive p && canonicalClass(p) == boxed;
            this.resultClass = boxed;
            this.resultMode = scalar ? AS_IS : MAPPED;
        }
        this.javaParams = javaParams == null ? null : javaParams.clone();
        for (int i = 0; javaParams != null && i < n && i < javaParams.length; i++) {
            refuseMismatch(params[i], javaParams[i], false, names[i]);
        }
        if (signature != null && resultMode == MAPPED) {
            WitType wit = signature.result();
            Class<?> declared = JavaTypeMapper.rawClass(result);
            boolean unwrapped = wit instanceof WitType.ResultType && declared != ResultValue.class;
            refuseMismatch(unwrapped ? ((WitType.ResultType) wit).ok() : wit, result, true, "result");
        }
        // the result lifts straight from guest memory when it is more than a scalar (a scalar converts cheaply)
        boolean structured = signature != null && resultMode == MAPPED && !(signature.result() instanceof Primitive);
        for (int i = 0; i < n && javaParams != null && i < javaParams.length; i++) {
            structured |= passes[i] == null && !(params[i] instanceof Primitive);
        }
        this.direct = signature != null && javaParams != null && javaParams.length == n && structured;
    }

    /** The Java type of parameter {@code i}, or {@code null} when the binding has none. */
    public Type javaParam(int i) {
        return javaParams == null || i >= javaParams.length ? null : javaParams[i];
    }

    /** The Java type the result lifts to, or {@code null} for the canonical result as it is. */
    public Type resultType() {
        return resultMode == NOTHING ? void.class : result;
    }

    /**
     * The plan another layer derives from this binding, made by {@code make} on first use and kept
     * with the binding (one per proxy method, so it lives as long as the proxy).
     */
    public Object plan(java.util.function.Function<JavaBinding, Object> make) {
        Object p = abiPlan;
        if (p == null) {
            p = make.apply(this);
            abiPlan = p;
        }
        return p;
    }

    /**
     * A result already lifted into the declared Java type (by the canonical ABI, straight from guest
     * memory): {@link #lift} hands it on as it is.
     */
    public static Object lifted(Object javaValue) {
        return new Lifted(javaValue);
    }

    private record Lifted(Object value) {}

    /** The canonical form of argument {@code i} (the check and conversion of {@link #lower}, for one). */
    Object canonical(int i, Object given) {
        Class<?> pass = passes[i];
        if (pass != null && given != null && given.getClass() == pass) {
            return given;
        }
        JavaPlan plan = lowering[i];
        Object canonical = plan == null ? JavaPlan.MISS : plan.lower(given);
        return canonical != JavaPlan.MISS ? canonical : CanonicalValues.toCanonical(params[i], given, names[i]);
    }

    /**
     * The binding of a method whose parameters, of Java types {@code params}, are {@code signature}'s
     * and whose result is
     * {@code result} (the element type of a {@code Mono} or future; {@code null} for the canonical
     * result as it is). The caller has checked that the arity matches. A {@code null} signature
     * (a function of dynamic values, Lua) lowers nothing itself: the call checks its arguments.
     */
    public static JavaBinding of(FunctionSignature signature, Type[] params, Type result) {
        return new JavaBinding(signature, params, result);
    }

    /** The signature the binding was made for, or {@code null}. */
    public FunctionSignature signature() {
        return signature;
    }

    /**
     * The canonical form of {@code args}, checked against the parameter types (errors name the
     * parameter). Arguments already canonical are passed on without a copy. When a parameter or the
     * result is structured (records, lists, options, enums), the Java arguments are handed on as they
     * are, in a {@link JavaArguments}: a guest function writes them straight into its memory, checking
     * them as it writes; anyone else reads them canonical, each converted (and checked) on first read.
     */
    public List<Object> lower(List<Object> args) {
        if (args.size() != params.length) {
            throw new ValueShapeException(
                    "arguments", "expected " + params.length + " for " + signature.describe() + ", got " + args.size());
        }
        if (direct) {
            return new JavaArguments(this, args);
        }
        List<Object> out = null;
        for (int i = 0; i < params.length; i++) {
            Object given = args.get(i);
            Object canonical = canonical(i, given);
            if (out == null && canonical != given) {
                out = new ArrayList<>(args.subList(0, i));
            }
            if (out != null) {
                out.add(canonical);
            }
        }
        return out == null ? args : out;
    }

    /** The canonical {@code value} as the declared result type. */
    public Object lift(Object value) {
        if (value instanceof Lifted l) {
            return l.value();
        }
        return switch (resultMode) {
            case NOTHING -> null;
            case AS_IS ->
                resultClass == null
                        ? value
                        : value != null && value.getClass() == resultClass
                                ? value
                                : JavaTypeMapper.toJava(value, result, "result");
            default -> {
                Object lifted = lifting == null ? JavaPlan.MISS : lifting.lift(value);
                yield lifted != JavaPlan.MISS ? lifted : JavaTypeMapper.toJava(value, result, "result");
            }
        };
    }

    /**
     * Refuses, when the binding is made, a POJO or sealed type that cannot carry its WIT record or
     * variant ({@link RecordMatch}, {@link VariantMatch}): a WIT field without its property, a case
     * without its record. The message names the value's path, the Java class and the WIT field or case.
     */
    private static void refuseMismatch(WitType wit, Type java, boolean lifting, String path) {
        if (wit == null || java == null) {
            return;
        }
        Class<?> raw = JavaTypeMapper.rawClass(java);
        switch (wit) {
            case WitType.ListType l
            when !l.isBytes() -> {
                if (Iterable.class.isAssignableFrom(raw)) {
                    refuseMismatch(l.element(), JavaTypeMapper.typeArg(java, 0), lifting, path + "[]");
                } else if (raw.isArray()) {
                    Type component = java instanceof java.lang.reflect.GenericArrayType g
                            ? g.getGenericComponentType()
                            : raw.getComponentType();
                    refuseMismatch(l.element(), component, lifting, path + "[]");
                }
            }
            case WitType.OptionType o ->
                refuseMismatch(
                        o.inner(),
                        raw == java.util.Optional.class ? JavaTypeMapper.typeArg(java, 0) : java,
                        lifting,
                        path + "?");
            case WitType.RecordType r
            when !(java instanceof java.lang.reflect.ParameterizedType) -> {
                RecordMatch match = RecordMatch.of(r, raw);
                if (match != null) {
                    refuse(path, match.problem(lifting));
                    for (int i = 0; i < r.fields().size(); i++) {
                        WitType.Field f = r.fields().get(i);
                        if (match.has(i)) {
                            refuseMismatch(f.type(), match.type(i), lifting, path + "." + f.name());
                        }
                    }
                }
            }
            case WitType.VariantType v
            when raw.isSealed() -> {
                VariantMatch match = VariantMatch.of(v, raw);
                refuse(path, match.problem(lifting));
                for (int i = 0; i < v.cases().size(); i++) {
                    WitType.Case c = v.cases().get(i);
                    refuseMismatch(c.type(), match.payloadType(i), lifting, path + "<" + c.name() + ">");
                }
            }
            default -> {}
        }
    }

    private static void refuse(String path, String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(path + ": " + problem);
        }
    }

    /** The boxed class in which any value is canonical for {@code p} as it is, or null when it needs a check. */
    private static Class<?> canonicalClass(Primitive p) {
        return switch (p) {
            case BOOL -> Boolean.class;
            case S32 -> Integer.class;
            case S64 -> Long.class;
            case F32 -> Float.class;
            case F64 -> Double.class;
            case STRING -> String.class;
            // range-checked (s8 to u32), or of two forms (u64: Long or BigInteger), or checked (char)
            case S8, U8, S16, U16, U32, U64, CHAR -> null;
        };
    }

    static Class<?> boxed(Class<?> c) {
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }
}
