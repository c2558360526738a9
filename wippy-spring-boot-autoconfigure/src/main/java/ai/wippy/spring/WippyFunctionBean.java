package ai.wippy.spring;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.wit.FunctionSignature;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The Spring bean of one function entry, named by its ID ({@code @Qualifier("demo:add")}): calls it
 * with dynamic values and tells its signature and pool.
 */
public record WippyFunctionBean(WasmRegistry registry, String id) {

    public String id() {
        return id;
    }

    public RegisteredFunction function() {
        return registry.function(id).orElseThrow();
    }

    /** The WIT signature, or {@code null} for functions with dynamic values (Lua). */
    public FunctionSignature signature() {
        return function().signature();
    }

    public Map<String, Object> meta() {
        return function().entry().meta();
    }

    public Object call(Object... args) {
        return registry.caller().call(id, args);
    }

    public Mono<Object> callAsync(Object... args) {
        return registry.caller().callAsync(id, args);
    }

    public FunctionCaller caller() {
        return registry.caller();
    }

    @Override
    public String toString() {
        return "WippyFunctionBean[" + id + "]";
    }
}
