package ai.wippy.spring.proxy;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.value.JavaTypeMapper;
import ai.wippy.wit.FunctionSignature;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * Builds typed proxies of registry functions. Every abstract method of the interface calls the
 * function; the shape of each method is checked against the function's WIT signature when the proxy
 * is made, so a mismatch fails the boot rather than the first call.
 */
public final class FunctionProxyFactory {

    private final WasmRegistry registry;

    public FunctionProxyFactory(WasmRegistry registry) {
        this.registry = registry;
    }

    public <T> T create(Class<T> type, String id, String injectionPoint) {
        if (!type.isInterface()) {
            throw new IllegalStateException("@WippyFunction(\"" + id + "\") on " + injectionPoint
                    + " needs an interface type, but " + type.getName() + " is a class");
        }
        RegisteredFunction fn = registry.function(id)
                .orElseThrow(() -> new IllegalStateException("@WippyFunction(\"" + id + "\") on " + injectionPoint
                        + ": no function '" + id + "' in the registry; functions: "
                        + registry.functions().stream()
                                .map(f -> f.id().toString())
                                .sorted()
                                .toList()));
        FunctionSignature sig = fn.signature();
        for (Method m : type.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers())
                    && sig != null
                    && m.getParameterCount() != sig.params().size()) {
                throw new IllegalStateException("@WippyFunction(\"" + id + "\") on " + injectionPoint + ": method "
                        + m.getName() + " takes " + m.getParameterCount() + " argument(s), but the function is "
                        + sig.describe());
            }
        }
        InvocationHandler handler = (proxy, method, args) -> invoke(proxy, method, args, id, type);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object invoke(Object proxy, Method method, Object[] args, String id, Class<?> type) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "WippyFunction proxy " + type.getSimpleName() + " -> " + id;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                // a Proxy dispatches only these three of Object's methods to its handler
                default -> throw new IllegalStateException("Object." + method.getName() + " is not proxied");
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        List<Object> list = args == null ? List.of() : Arrays.asList(args);
        Class<?> returnType = method.getReturnType();
        Type generic = method.getGenericReturnType();
        if (returnType == Mono.class) {
            Type inner = JavaTypeMapper.typeArg(generic, 0);
            return registry.caller().callAsync(id, list.toArray()).map(v -> JavaTypeMapper.toJava(v, inner, "result"));
        }
        if (returnType == CompletableFuture.class || returnType == CompletionStage.class) {
            Type inner = JavaTypeMapper.typeArg(generic, 0);
            return registry.caller()
                    .callAsync(id, list.toArray())
                    .map(v -> JavaTypeMapper.toJava(v, inner, "result"))
                    .toFuture();
        }
        Object result = registry.caller().callWithArgs(id, list);
        if (returnType == void.class) {
            return null;
        }
        return JavaTypeMapper.toJava(result, generic, "result");
    }
}
