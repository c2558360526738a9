package ai.wippy.component.host;

import ai.wippy.call.CallContext;
import ai.wippy.value.CanonicalValues;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Implements a WIT interface with the public methods of an ordinary Java object (a Spring bean):
 * the WIT function {@code log(msg: string)} calls {@code void log(String msg)}, {@code get-value}
 * calls {@code getValue}. Arguments are converted from canonical values to the declared parameter
 * types with {@link ai.wippy.value.JavaTypeMapper} (records and POJOs for WIT records, {@code List}, {@code Map},
 * boxed or primitive numbers...), the result back with {@link CanonicalValues} against the WIT
 * result type. The object is shared by all instances: keep it stateless or thread safe.
 *
 * <p>A method whose first parameter is a {@link CallContext} receives the context of the call the
 * guest is running in (actor, scope, request values). Resources are served by the classes
 * {@link WitInterface#resources()} names (see there): their objects live in the instance's handle
 * table, a parameter of a resource class receives the object behind the handle the guest passed,
 * and a returned object becomes a new owned handle.
 *
 * <p>Each function is linked once per (function, signature): the Java method is found, its
 * parameter and result types are checked against the WIT types the component declares (a
 * mismatch fails the instantiation, naming the function and parameter) and a method handle is
 * bound, so a call costs the argument conversions and one handle invocation. {@link
 * #perInstance} serves an interface whose object holds one component instance's state (the WASI
 * hosts): the object is made when the interface is bound to the instance.
 *
 * <p>Longer than most files on purpose: it is one mechanism, matching each WIT function of an
 * interface to one Java method (plain functions, resource methods, constructors and statics, on the
 * interface class or the resource class) and binding it; the value conversions live in
 * {@link HostValues} and the type check in {@link WitTypeCheck}, what is left is the matching rules,
 * which read best side by side.
 */
public final class ReflectiveHostInterface implements HostInterface, BoundInterface {

    private final String name;
    private final Object target;
    private final Function<HostBinding, ?> factory;
    private final Class<?> type;
    private final Map<String, Class<?>> resources;
    private final List<Class<?>> uses;
    private final WitTypeCheck check;
    private final HostInterface whenNotGranted;
    private final Map<Key, Optional<Linked>> linked = new ConcurrentHashMap<>();

    public ReflectiveHostInterface(String name, Object target) {
        this(name, target, List.of());
    }

    /**
     * @param resources the classes implementing the interface's resources (see {@link
     *     WitInterface#resources()})
     */
    public ReflectiveHostInterface(String name, Object target, List<Class<?>> resources) {
        this(name, target, null, target.getClass(), resources, List.of(), null);
    }

    private ReflectiveHostInterface(
            String name,
            Object target,
            Function<HostBinding, ?> factory,
            Class<?> type,
            List<Class<?>> resources,
            List<Class<?>> uses,
            HostInterface whenNotGranted) {
        this.name = name;
        this.target = target;
        this.factory = factory;
        this.type = type;
        this.whenNotGranted = whenNotGranted;
        this.resources = new LinkedHashMap<>();
        for (Class<?> c : resources) {
            this.resources.put(resourceName(c), c);
        }
        this.uses = uses;
        Map<String, Class<?>> known = new LinkedHashMap<>();
        for (Class<?> c : uses) {
            known.put(resourceName(c), c);
        }
        known.putAll(this.resources);
        this.check = new WitTypeCheck(known);
    }

    /** The WIT name of a resource class: its {@link WitResource}, or its simple name in kebab case. */
    private static String resourceName(Class<?> c) {
        WitResource named = c.getAnnotation(WitResource.class);
        return named != null ? named.value() : kebab(c.getSimpleName());
    }

    /** Wraps an object annotated with {@link WitInterface}. */
    public static ReflectiveHostInterface of(Object target) {
        WitInterface annotation = required(target.getClass());
        return new ReflectiveHostInterface(
                annotation.value(),
                target,
                null,
                target.getClass(),
                List.of(annotation.resources()),
                List.of(annotation.uses()),
                null);
    }

    /**
     * An interface whose implementing object holds one component instance's state: {@code
     * factory} makes it when the interface is bound to an instance (it is closed with the instance
     * when {@link AutoCloseable}). {@code type} carries {@link WitInterface}; its methods are
     * linked once for all instances.
     */
    public static <T> ReflectiveHostInterface perInstance(Class<T> type, Function<HostBinding, ? extends T> factory) {
        WitInterface annotation = required(type);
        return new ReflectiveHostInterface(
                annotation.value(),
                null,
                factory,
                type,
                List.of(annotation.resources()),
                List.of(annotation.uses()),
                null);
    }

    /** {@link #perInstance(Class, Function)} for a class without the annotation, serving {@code name}. */
    public static <T> ReflectiveHostInterface perInstance(
            String name, Class<T> type, Function<HostBinding, ? extends T> factory) {
        WitInterface annotation = annotation(type);
        return new ReflectiveHostInterface(
                name,
                null,
                factory,
                type,
                annotation == null ? List.of() : List.of(annotation.resources()),
                annotation == null ? List.of() : List.of(annotation.uses()),
                null);
    }

    /** This interface, with {@code stand-in} linked where the entry does not grant it. */
    public ReflectiveHostInterface whenNotGranted(HostInterface standIn) {
        return new ReflectiveHostInterface(name, target, factory, type, List.copyOf(resources.values()), uses, standIn);
    }

    @Override
    public HostInterface whenNotGranted() {
        return whenNotGranted;
    }

    private static WitInterface required(Class<?> type) {
        WitInterface annotation = annotation(type);
        if (annotation == null) {
            throw new IllegalArgumentException(
                    type.getName() + " is not annotated with @WitInterface(\"ns:pkg/iface\")");
        }
        return annotation;
    }

    /** The annotation of the class or of a superclass (a framework's subclass proxy). */
    private static WitInterface annotation(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            WitInterface a = c.getAnnotation(WitInterface.class);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /**
     * The host interface an application object provides: itself if it is a {@link HostInterface},
     * a reflective adapter if its class carries {@link WitInterface}, otherwise empty. Meant for
     * wiring every candidate bean of an application context.
     */
    public static java.util.Optional<HostInterface> adapt(Object candidate) {
        if (candidate instanceof HostInterface h) {
            return java.util.Optional.of(h);
        }
        if (annotation(candidate.getClass()) != null) {
            return java.util.Optional.of(of(candidate));
        }
        return java.util.Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        Object instanceTarget = factory == null ? target : factory.apply(binding);
        HostResources table = binding.resources();
        return new BoundInterface() {
            @Override
            public HostFunction function(String function, FunctionSignature signature) {
                Linked l = link(function, signature);
                return l == null ? null : l.bind(instanceTarget, table);
            }

            @Override
            public void close() {
                if (factory != null && instanceTarget instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // the instance is being discarded: nothing is left to report to
                    }
                }
            }
        };
    }

    /** {@code get-value} becomes {@code getValue}. */
    public static String javaName(String witName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : witName.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** {@code KeyValueStore} becomes {@code key-value-store}. */
    static String kebab(String javaName) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                sb.append('-');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    @Override
    public HostFunction function(String function, FunctionSignature signature) {
        if (factory != null) {
            throw new IllegalStateException(name + " holds per-instance state: bind it to an instance first");
        }
        Linked l = link(function, signature);
        return l == null ? null : l.bind(target, null);
    }

    private record Key(String function, FunctionSignature signature) {}

    /** The function linked against the component's signature, once per signature; null when absent. */
    private Linked link(String function, FunctionSignature signature) {
        return linked.computeIfAbsent(
                        new Key(function, signature), k -> Optional.ofNullable(resolve(function, signature)))
                .orElse(null);
    }

    private Linked resolve(String function, FunctionSignature signature) {
        String where = name + "." + function;
        int witParams = signature.params().size();
        if (function.startsWith("[constructor]")) {
            String resourceName = function.substring("[constructor]".length());
            // [constructor]fields: newFields() on the interface's object comes first
            Linked here = onInterface("new-" + resourceName, witParams, signature, where);
            Class<?> resource = resources.get(resourceName);
            if (here != null || resource == null) {
                return here;
            }
            for (Constructor<?> c : resource.getConstructors()) {
                Type[] types = c.getGenericParameterTypes();
                if (types.length == witParams + 1 && c.getParameterTypes()[0].isAssignableFrom(type)) {
                    return new Linked(c, null, 0, types, 1, signature, where);
                }
            }
            for (Constructor<?> c : resource.getConstructors()) {
                if (c.getParameterCount() == witParams) {
                    return new Linked(c, null, 0, c.getGenericParameterTypes(), 0, signature, where);
                }
            }
            return null;
        }
        boolean isMethod = function.startsWith("[method]");
        if (isMethod || function.startsWith("[static]")) {
            String rest = function.substring(function.indexOf(']') + 1);
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return null;
            }
            // [method]input-stream.read: inputStreamRead(self, len) on the interface's object comes first
            Linked here = onInterface(rest.replace('.', '-'), witParams, signature, where);
            Class<?> resource = resources.get(rest.substring(0, dot));
            Method m = here != null || resource == null
                    ? null
                    : find(
                            resource,
                            javaName(rest.substring(dot + 1)),
                            isMethod ? witParams - 1 : witParams,
                            !isMethod);
            if (m == null) {
                return here;
            }
            return new Linked(
                    m, isMethod ? resource : null, isMethod ? 1 : 0, m.getGenericParameterTypes(), 0, signature, where);
        }
        return onInterface(function.toLowerCase(Locale.ROOT), witParams, signature, where);
    }

    /** The interface object's method for the WIT name {@code witName} (every WIT parameter a Java one). */
    private Linked onInterface(String witName, int witParams, FunctionSignature signature, String where) {
        Method m = find(type, javaName(witName), witParams, false);
        return m == null ? null : new Linked(m, null, 0, m.getGenericParameterTypes(), 0, signature, where);
    }

    /** A public method named {@code javaName} taking {@code params} values, or a CallContext and them. */
    private static Method find(Class<?> type, String javaName, int params, boolean isStatic) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(javaName)
                    && Modifier.isStatic(m.getModifiers()) == isStatic
                    && m.getDeclaringClass() != Object.class
                    && (m.getParameterCount() == params
                            || (m.getParameterCount() == params + 1
                                    && m.getParameterTypes()[0] == CallContext.class))) {
                return m;
            }
        }
        return null;
    }

    private static final MethodType CALL = MethodType.methodType(Object.class, Object.class, Object[].class);

    /**
     * One function linked to its Java method: for a {@code [method]} the first WIT argument
     * ({@code self}, {@code selfArgs} = 1) names the {@code receiverType} object to call it on;
     * {@code javaFrom} leading Java parameters are filled by the runtime (the bean for a
     * constructor), a leading {@link CallContext} parameter receives the current context.
     */
    private final class Linked {
        private final MethodHandle handle; // (receiver, javaArgs) -> result
        private final Object direct; // a Call0..Call3 calling the method, or null
        private final Class<?> receiverType;
        private final int selfArgs;
        private final Type[] types;
        private final int javaFrom;
        private final boolean withContext;
        private final int first;
        private final HostValues.Conversion[] conversions;
        private final boolean rawResult;
        private final WitType resultType;
        private final boolean resultHoldsHandles;
        private final WitType.ResultType fallible; // the result when it is result<T, E>, else null
        private final String where;
        private final String resultWhere; // where + " result", joined once at link time

        Linked(
                Executable executable,
                Class<?> receiverType,
                int selfArgs,
                Type[] types,
                int javaFrom,
                FunctionSignature signature,
                String where) {
            this.receiverType = receiverType;
            this.selfArgs = selfArgs;
            this.types = types;
            this.javaFrom = javaFrom;
            this.where = where;
            this.resultWhere = where + " result";
            this.resultType = signature.result();
            this.resultHoldsHandles = HostValues.holdsHandles(resultType);
            this.fallible = resultType instanceof WitType.ResultType r ? r : null;
            this.withContext = types.length > javaFrom
                    && executable.getParameterTypes()[javaFrom] == CallContext.class
                    && types.length - javaFrom == signature.params().size() - selfArgs + 1;
            this.first = javaFrom + (withContext ? 1 : 0);
            this.conversions = new HostValues.Conversion[types.length];
            for (int i = first; i < types.length; i++) {
                var param = signature.params().get(selfArgs + i - first);
                String path = where + "(" + param.name() + ")";
                check.parameter(param.type(), types[i], path);
                conversions[i] = HostValues.parameter(param.type(), types[i], path);
            }
            boolean raw = false;
            if (executable instanceof Method m) {
                check.result(resultType, m.getGenericReturnType(), where);
                raw = (resultType instanceof WitType.Primitive p && WitTypeCheck.passesAsIs(p, m.getReturnType()))
                        || (resultType instanceof WitType.ListType l
                                && l.isBytes()
                                && m.getReturnType() == byte[].class);
            }
            this.rawResult = raw;
            this.handle = handle(executable);
            this.direct = executable instanceof Method m ? direct(m) : null;
        }

        private MethodHandle handle(Executable executable) {
            executable.setAccessible(true);
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandle mh;
                if (executable instanceof Constructor<?> c) {
                    mh = MethodHandles.dropArguments(
                            lookup.unreflectConstructor(c).asSpreader(Object[].class, c.getParameterCount()),
                            0,
                            Object.class);
                } else {
                    Method m = (Method) executable;
                    mh = lookup.unreflect(m).asSpreader(Object[].class, m.getParameterCount());
                    if (Modifier.isStatic(m.getModifiers())) {
                        mh = MethodHandles.dropArguments(mh, 0, Object.class);
                    }
                }
                return mh.asType(CALL);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(where + ": cannot call " + executable + ": " + e.getMessage(), e);
            }
        }

        /**
         * A lambda calling {@code m} on the interface's object, or on the resource object a
         * {@code [method]}'s {@code self} names, with no argument array (the JIT inlines it like a
         * hand-written call), for a public instance method of a public class with at most three
         * parameters; null otherwise (the handle serves).
         */
        private Object direct(Method m) {
            int n = m.getParameterCount();
            boolean isVoid = m.getReturnType() == void.class;
            if (n > 3
                    || Modifier.isStatic(m.getModifiers())
                    || !publicAccess(m.getDeclaringClass())
                    || !publicAccess(m.getReturnType())
                    || !java.util.Arrays.stream(m.getParameterTypes()).allMatch(Linked::publicAccess)) {
                return null; // the lambda casts to each type: all must be accessible from here
            }
            Class<?> shape = switch (n) {
                case 0 -> isVoid ? Run0.class : Call0.class;
                case 1 -> isVoid ? Run1.class : Call1.class;
                case 2 -> isVoid ? Run2.class : Call2.class;
                default -> isVoid ? Run3.class : Call3.class;
            };
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandle impl = lookup.unreflect(m);
                MethodType erased = MethodType.genericMethodType(n + 1);
                MethodType exact = impl.type().wrap();
                if (isVoid) { // wrap() made the result a Void: a Run shape returns nothing
                    erased = erased.changeReturnType(void.class);
                    exact = exact.changeReturnType(void.class);
                }
                return java.lang.invoke.LambdaMetafactory.metafactory(
                                lookup, "call", MethodType.methodType(shape), erased, impl, exact)
                        .getTarget()
                        .invoke();
            } catch (Throwable e) {
                return null; // not expressible as a lambda: the method handle serves
            }
        }

        private static boolean publicAccess(Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive()) {
                return true;
            }
            for (; c != null; c = c.getEnclosingClass()) {
                if (!Modifier.isPublic(c.getModifiers())) {
                    return false;
                }
            }
            return true;
        }

        private Object arg(int i, List<Object> args, HostResources table) throws Exception {
            if (withContext && i == javaFrom) {
                return CallContext.current();
            }
            return conversions[i].toJava(args.get(selfArgs + i - first), table);
        }

        private HostFunction directly(Object target, HostResources table) {
            HostFunction f = switch (direct) {
                case Call0 c -> args -> done(c.call(receiver(target, args, table)), table);
                case Call1 c -> args -> done(c.call(receiver(target, args, table), arg(0, args, table)), table);
                case Call2 c ->
                    args -> done(
                            c.call(receiver(target, args, table), arg(0, args, table), arg(1, args, table)), table);
                case Call3 c ->
                    args -> done(
                            c.call(
                                    receiver(target, args, table),
                                    arg(0, args, table),
                                    arg(1, args, table),
                                    arg(2, args, table)),
                            table);
                case Run0 c ->
                    args -> {
                        c.call(receiver(target, args, table));
                        return done(null, table); // a void method answers a result<_, E> with ok
                    };
                case Run1 c ->
                    args -> {
                        c.call(receiver(target, args, table), arg(0, args, table));
                        return done(null, table); // a void method answers a result<_, E> with ok
                    };
                case Run2 c ->
                    args -> {
                        c.call(receiver(target, args, table), arg(0, args, table), arg(1, args, table));
                        return done(null, table); // a void method answers a result<_, E> with ok
                    };
                case Run3 c ->
                    args -> {
                        c.call(
                                receiver(target, args, table),
                                arg(0, args, table),
                                arg(1, args, table),
                                arg(2, args, table));
                        return done(null, table); // a void method answers a result<_, E> with ok
                    };
                default -> throw new IllegalStateException(where);
            };
            return fallible == null ? f : failing(f, table);
        }

        /** The object a call runs on: the interface's, or for a {@code [method]} the resource {@code self} names. */
        private Object receiver(Object target, List<Object> args, HostResources table) {
            if (receiverType == null) {
                return target;
            }
            return HostValues.table(table, where).get(HostValues.unnamed((ResourceHandle) args.get(0)), receiverType);
        }

        /** {@code f} answering a {@link WitError} it throws with {@code err(e)}. */
        private HostFunction failing(HostFunction f, HostResources table) {
            return args -> {
                try {
                    return f.call(args);
                } catch (Exception e) {
                    if (e instanceof WitError w) {
                        return ResultValue.err(HostValues.lowerHosts(fallible.err(), w.witError(), table, where));
                    }
                    throw e;
                }
            };
        }

        private Object done(Object result, HostResources table) {
            return rawResult ? result : result(result, table);
        }

        /** The function for one instance: {@code target} is the interface's object for it. */
        HostFunction bind(Object target, HostResources table) {
            if (direct != null) {
                return directly(target, table);
            }
            HostFunction f = args -> {
                Object[] javaArgs = new Object[types.length];
                if (javaFrom == 1) {
                    javaArgs[0] = target; // a resource constructor taking the bean
                }
                if (withContext) {
                    javaArgs[javaFrom] = CallContext.current();
                }
                for (int i = first; i < types.length; i++) {
                    javaArgs[i] = conversions[i].toJava(args.get(selfArgs + i - first), table);
                }
                Object result;
                try {
                    result = (Object) handle.invokeExact(receiver(target, args, table), javaArgs);
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(where + ": " + t, t);
                }
                return rawResult ? result : result(result, table);
            };
            return fallible == null ? f : failing(f, table);
        }

        private Object result(Object result, HostResources table) {
            if (resultType == null) {
                return null;
            }
            if (resultHoldsHandles) {
                if (result == null && resultType instanceof WitType.HandleType h) {
                    throw new IllegalStateException(where + " returned null for own<" + h.resource() + ">");
                }
                result = HostValues.lowerHosts(resultType, result, table, where);
            }
            return CanonicalValues.toCanonical(resultType, result, resultWhere);
        }
    }

    /** The shapes of a linked method called without an argument array: receiver, then arguments. */
    private interface Call0 {
        Object call(Object receiver);
    }

    private interface Call1 {
        Object call(Object receiver, Object a);
    }

    private interface Call2 {
        Object call(Object receiver, Object a, Object b);
    }

    private interface Call3 {
        Object call(Object receiver, Object a, Object b, Object c);
    }

    /** The same shapes for a method returning nothing (its WIT function has no result). */
    private interface Run0 {
        void call(Object receiver);
    }

    private interface Run1 {
        void call(Object receiver, Object a);
    }

    private interface Run2 {
        void call(Object receiver, Object a, Object b);
    }

    private interface Run3 {
        void call(Object receiver, Object a, Object b, Object c);
    }

    /** The WIT-callable methods of the target, for diagnostics. */
    public List<String> methods() {
        List<String> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() != Object.class) {
                out.add(m.getName());
            }
        }
        return out;
    }
}
