package com.example.myapp;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippyFunction;
import ai.wippy.spring.WippyFunctionBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

@Service
class Calculations {
    private final WasmRegistry registry;
    private final WippyFunctionBean compute;

    @WippyFunction("myapp:compute")
    Compute proxy;

    Calculations(WasmRegistry registry, @Qualifier("myapp:compute") WippyFunctionBean compute) {
        this.registry = registry;
        this.compute = compute;
    }

    List<Object> examples() {
        Object six = registry.call("myapp:compute", 2, 3);
        Mono<Object> later = registry.callAsync("myapp:compute", 2, 3);
        Object limited = registry.caller()
                .withTimeout(Duration.ofMillis(500))
                .withContext(Map.of("tenant", "acme"))
                .call("myapp:compute", 2, 3);
        Object alsoSix = compute.call(2, 3);
        return List.of(six, later.block(), limited, alsoSix, proxy.compute(2, 3));
    }
}
