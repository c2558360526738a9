package ai.wippy.component.host;

import ai.wippy.value.CanonicalValues;
import ai.wippy.value.JavaTypeMapper;
import ai.wippy.wit.FunctionSignature;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Implements a WIT interface with the public methods of an ordinary Java object (a Spring bean):
 * the WIT function {@code log(msg: string)} calls {@code void log(String msg)}, {@code get-value}
 * calls {@code getValue}. Arguments are converted from canonical values to the declared parameter
 * types with {@link JavaTypeMapper} (records and POJOs for WIT records, {@code List}, {@code Map},
 * boxed or primitive numbers...), the result back with {@link CanonicalValues} against the WIT
 * result type. The object is shared by all instances: keep it stateless or thread safe.
 */
public final class ReflectiveHostInterface implements HostInterface, BoundInterface {

    private final String name;
    private final Object target;

    public ReflectiveHostInterface(String name, Object target) {
        this.name = name;
        this.target = target;
    }

    /** Wraps an object annotated with {@link WitInterface}. */
    public static ReflectiveHostInterface of(Object target) {
        WitInterface annotation = target.getClass().getAnnotation(WitInterface.class);
        if (annotation == null) {
            throw new IllegalArgumentException(
                    target.getClass().getName() + " is not annotated with @WitInterface(\"ns:pkg/iface\")");
        }
        return new ReflectiveHostInterface(annotation.value(), target);
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
        if (candidate.getClass().isAnnotationPresent(WitInterface.class)) {
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
        return this;
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

    @Override
    public HostFunction function(String function, FunctionSignature signature) {
        String javaName = javaName(function.toLowerCase(Locale.ROOT));
        Method method = null;
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(javaName)
                    && m.getParameterCount() == signature.params().size()
                    && !Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass() != Object.class) {
                method = m;
                break;
            }
        }
        if (method == null) {
            return null;
        }
        Method chosen = method;
        chosen.setAccessible(true);
        Type[] types = chosen.getGenericParameterTypes();
        String where = name + "." + function;
        return args -> {
            Object[] javaArgs = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                javaArgs[i] = JavaTypeMapper.toJava(
                        args.get(i),
                        types[i],
                        where + "(" + signature.params().get(i).name() + ")");
            }
            Object result;
            try {
                result = chosen.invoke(target, javaArgs);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
            return signature.result() == null
                    ? null
                    : CanonicalValues.toCanonical(signature.result(), result, where + " result");
        };
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
