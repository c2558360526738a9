package ai.wippy.spring.proxy;

import ai.wippy.runtime.FunctionHandle;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.value.JavaBinding;
import ai.wippy.value.JavaTypeMapper;
import ai.wippy.wit.FunctionSignature;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * Builds typed proxies of registry functions. Every abstract method of the interface calls the
 * function; the shape of each method is checked against the function's WIT signature when the proxy
 * is made, so a mismatch fails the boot rather than the first call. The function is resolved once,
 * into a {@link FunctionHandle} that follows live registry updates, and each method gets its
 * {@link JavaBinding} (arguments lowered, result lifted) once. For a function whose signature is all
 * scalars, a generated class ({@link ScalarProxies}) implements the interface: its methods of
 * primitives call the function's {@link ai.wippy.runtime.ScalarFunction} without boxing, the others forward to the
 * JDK proxy.
 */
public final class FunctionProxyFactory {

    private final WasmRegistry registry;

    public FunctionProxyFactory(WasmRegistry registry) {
        this.registry = registry;
    }

    /**
     * The proxy of {@code type} calling function {@code id}, for {@code injectionPoint} (named in
     * errors). A type that is no interface, an ID the registry lacks, or a method whose Java types
     * cannot carry the function's WIT signature fails with a {@link WippyFunctionInjectionException}
     * naming the ID, the injection point and the method.
     */
    public <T> T create(Class<T> type, String id, String injectionPoint) {
        if (!type.isInterface()) {
            throw refused(id, injectionPoint, null, "needs an interface type, but " + type.getName() + " is a class");
        }
        RegisteredFunction fn = registry.function(id)
                .orElseThrow(() -> refused(
                        id,
                        injectionPoint,
                        null,
                        "no function '" + id + "' in the registry; functions: "
                                + registry.functions().stream()
                                        .map(f -> f.id().toString())
                                        .sorted()
                                        .toList()));
        FunctionSignature sig = fn.signature();
        Map<Method, Bound> methods = new HashMap<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            String method = type.getSimpleName() + "." + m.getName();
            if (sig != null && m.getParameterCount() != sig.params().size()) {
                throw refused(
                        id,
                        injectionPoint,
                        method,
                        "takes " + m.getParameterCount() + " argument(s), but the function is " + sig.describe());
            }
            try {
                methods.put(m, Bound.of(m, sig));
            } catch (IllegalArgumentException e) {
                // The message says all the refusal did, so that it is the root cause a user reads; the
                // refusal's own stack stays attached as a suppressed exception.
                var failure = refused(id, injectionPoint, method, located(e.getMessage(), sig));
                failure.addSuppressed(e);
                throw failure;
            }
        }
        FunctionHandle handle = registry.handle(id);
        InvocationHandler handler = (proxy, method, args) -> {
            Bound bound = methods.get(method);
            return bound != null ? bound.call(handle, args) : other(proxy, method, args, id, type);
        };
        T jdkProxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
        T generated = ScalarProxies.create(type, sig, handle, jdkProxy, description(type, id));
        return generated != null ? generated : jdkProxy;
    }

    private static WippyFunctionInjectionException refused(
            String id, String injectionPoint, String method, String problem) {
        return new WippyFunctionInjectionException(
                new WippyFunctionInjectionException.Failure(id, injectionPoint, method, problem));
    }

    /**
     * A binding's refusal, which starts with the path of the value at fault (a WIT parameter's name
     * or {@code result}, then fields, cases and elements), with the parameter's position first.
     */
    private static String located(String problem, FunctionSignature sig) {
        for (int i = 0; sig != null && problem != null && i < sig.params().size(); i++) {
            String name = sig.params().get(i).name();
            if (problem.length() > name.length()
                    && problem.startsWith(name)
                    && ":.[?<".indexOf(problem.charAt(name.length())) >= 0) {
                return "parameter " + (i + 1) + ", " + problem;
            }
        }
        return problem;
    }

    private static String description(Class<?> type, String id) {
        return "WippyFunction proxy " + type.getSimpleName() + " -> " + id;
    }

    /** How one abstract method calls: its binding, and whether it returns a {@code Mono}, a future or the value. */
    private record Bound(JavaBinding binding, int returns) {

        static final int VALUE = 0;
        static final int MONO = 1;
        static final int FUTURE = 2;

        static Bound of(Method m, FunctionSignature sig) {
            Class<?> raw = m.getReturnType();
            Type generic = m.getGenericReturnType();
            int returns = raw == Mono.class
                    ? MONO
                    : raw == CompletableFuture.class || raw == CompletionStage.class ? FUTURE : VALUE;
            Type result = returns == VALUE ? generic : JavaTypeMapper.typeArg(generic, 0);
            return new Bound(JavaBinding.of(sig, m.getGenericParameterTypes(), result), returns);
        }

        Object call(FunctionHandle handle, Object[] args) {
            return switch (returns) {
                case MONO -> handle.callAsync(binding, args);
                case FUTURE -> handle.callAsync(binding, args).toFuture();
                default -> handle.call(binding, args);
            };
        }
    }

    private static Object other(Object proxy, Method method, Object[] args, String id, Class<?> type) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> description(type, id);
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                // a Proxy dispatches only these three of Object's methods to its handler
                default -> throw new IllegalStateException("Object." + method.getName() + " is not proxied");
            };
        }
        return InvocationHandler.invokeDefault(proxy, method, args);
    }
}
