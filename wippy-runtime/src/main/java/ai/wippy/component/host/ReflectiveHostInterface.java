package ai.wippy.component.host;

import ai.wippy.call.CallContext;
import ai.wippy.value.CanonicalValues;
import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Implements a WIT interface with the public methods of an ordinary Java object (a Spring bean):
 * the WIT function {@code log(msg: string)} calls {@code void log(String msg)}, {@code get-value}
 * calls {@code getValue}. Arguments are converted from canonical values to the declared parameter
 * types with {@link JavaTypeMapper} (records and POJOs for WIT records, {@code List}, {@code Map},
 * boxed or primitive numbers...), the result back with {@link CanonicalValues} against the WIT
 * result type. The object is shared by all instances: keep it stateless or thread safe.
 *
 * <p>A method whose first parameter is a {@link CallContext} receives the context of the call the
 * guest is running in (actor, scope, request values). Resources are served by the classes
 * {@link WitInterface#resources()} names (see there): their objects live in the instance's handle
 * table, a parameter of a resource class receives the object behind the handle the guest passed,
 * and a returned object becomes a new owned handle.
 */
public final class ReflectiveHostInterface implements HostInterface, BoundInterface {

    private final String name;
    private final Object target;
    private final Map<String, Class<?>> resources;

    public ReflectiveHostInterface(String name, Object target) {
        this(name, target, List.of());
    }

    /**
     * @param resources the classes implementing the interface's resources (see {@link
     *     WitInterface#resources()})
     */
    public ReflectiveHostInterface(String name, Object target, List<Class<?>> resources) {
        this.name = name;
        this.target = target;
        this.resources = new LinkedHashMap<>();
        for (Class<?> c : resources) {
            WitResource named = c.getAnnotation(WitResource.class);
            this.resources.put(named != null ? named.value() : kebab(c.getSimpleName()), c);
        }
    }

    /** Wraps an object annotated with {@link WitInterface}. */
    public static ReflectiveHostInterface of(Object target) {
        WitInterface annotation = annotation(target.getClass());
        if (annotation == null) {
            throw new IllegalArgumentException(
                    target.getClass().getName() + " is not annotated with @WitInterface(\"ns:pkg/iface\")");
        }
        return new ReflectiveHostInterface(annotation.value(), target, List.of(annotation.resources()));
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
        if (resources.isEmpty()) {
            return this;
        }
        HostResources table = binding.resources();
        return (function, signature) -> function(function, signature, table);
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
        return function(function, signature, null);
    }

    private HostFunction function(String function, FunctionSignature signature, HostResources table) {
        String where = name + "." + function;
        int witParams = signature.params().size();
        if (function.startsWith("[constructor]")) {
            Class<?> type = resources.get(function.substring("[constructor]".length()));
            if (type == null) {
                return null;
            }
            for (Constructor<?> c : type.getConstructors()) {
                Type[] types = c.getGenericParameterTypes();
                if (types.length == witParams + 1 && c.getParameterTypes()[0].isInstance(target)) {
                    return call(c, null, 0, types, 1, signature, table, where);
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                if (c.getParameterCount() == witParams) {
                    return call(c, null, 0, c.getGenericParameterTypes(), 0, signature, table, where);
                }
            }
            return null;
        }
        boolean isMethod = function.startsWith("[method]");
        if (isMethod || function.startsWith("[static]")) {
            String rest = function.substring(function.indexOf(']') + 1);
            int dot = rest.indexOf('.');
            Class<?> type = dot < 0 ? null : resources.get(rest.substring(0, dot));
            if (type == null) {
                return null;
            }
            Method m = find(type, javaName(rest.substring(dot + 1)), isMethod ? witParams - 1 : witParams, !isMethod);
            if (m == null) {
                return null;
            }
            return call(
                    m,
                    isMethod ? type : null,
                    isMethod ? 1 : 0,
                    m.getGenericParameterTypes(),
                    0,
                    signature,
                    table,
                    where);
        }
        Method m = find(target.getClass(), javaName(function.toLowerCase(Locale.ROOT)), witParams, false);
        return m == null ? null : call(m, null, 0, m.getGenericParameterTypes(), 0, signature, table, where);
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

    /**
     * Calls {@code executable} with the guest's arguments: for a {@code [method]} the first WIT
     * argument ({@code self}, {@code selfArgs} = 1) names the {@code receiverType} object to call
     * it on; {@code javaFrom} leading Java
     * parameters are filled by the runtime (the bean for a constructor), a leading {@link
     * CallContext} parameter receives the current context.
     */
    private HostFunction call(
            Executable executable,
            Class<?> receiverType,
            int selfArgs,
            Type[] types,
            int javaFrom,
            FunctionSignature signature,
            HostResources table,
            String where) {
        executable.setAccessible(true);
        boolean withContext = types.length > javaFrom
                && executable.getParameterTypes()[javaFrom] == CallContext.class
                && types.length - javaFrom == signature.params().size() - selfArgs + 1;
        int first = javaFrom + (withContext ? 1 : 0);
        return args -> {
            Object[] javaArgs = new Object[types.length];
            if (javaFrom == 1) {
                javaArgs[0] = target; // a resource constructor taking the bean
            }
            if (withContext) {
                javaArgs[javaFrom] = CallContext.current();
            }
            for (int i = first; i < types.length; i++) {
                int arg = selfArgs + i - first;
                javaArgs[i] = toJava(
                        args.get(arg),
                        types[i],
                        table,
                        where + "(" + signature.params().get(arg).name() + ")");
            }
            Object receiver = target;
            if (receiverType != null) {
                receiver = resourceTable(table, where).get((ResourceHandle) args.get(0), receiverType);
            }
            Object result;
            try {
                if (executable instanceof Constructor<?> c) {
                    result = c.newInstance(javaArgs);
                } else {
                    Method m = (Method) executable;
                    result = m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver, javaArgs);
                }
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
            WitType resultType = signature.result();
            if (resultType == null) {
                return null;
            }
            if (resultType instanceof WitType.HandleType h && !(result instanceof ResourceHandle)) {
                if (result == null) {
                    throw new IllegalStateException(where + " returned null for own<" + h.resource() + ">");
                }
                return resourceTable(table, where).own(h.resource(), result);
            }
            return CanonicalValues.toCanonical(resultType, result, where + " result");
        };
    }

    private Object toJava(Object value, Type type, HostResources table, String where) {
        if (value instanceof ResourceHandle handle
                && type instanceof Class<?> c
                && c != ResourceHandle.class
                && c != Object.class) {
            HostResources t = resourceTable(table, where);
            return handle.own() ? t.take(handle, c) : t.get(handle, c);
        }
        return JavaTypeMapper.toJava(value, type, where);
    }

    private static HostResources resourceTable(HostResources table, String where) {
        if (table == null) {
            throw new IllegalStateException(where + " needs the instance's handle table: bind the interface first");
        }
        return table;
    }

    /** The WIT-callable methods of the target, for diagnostics. */
    public List<String> methods() {
        List<String> out = new ArrayList<>();
        for (Method m : target.getClass().getMethods()) {
            if (m.getDeclaringClass() != Object.class) {
                out.add(m.getName());
            }
        }
        return out;
    }
}
