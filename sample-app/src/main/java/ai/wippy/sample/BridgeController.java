package ai.wippy.sample;

import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Lua calling WebAssembly, and WebAssembly calling Lua, through the registry's Java API. */
@RestController
public class BridgeController {

    private final WasmRegistry registry;

    public BridgeController(WasmRegistry registry) {
        this.registry = registry;
    }

    /** A Lua function that calls the transform-users component. */
    @PostMapping("/lua/users")
    public Mono<Object> luaUsers(@RequestBody List<Map<String, Object>> users) {
        return registry.callAsync("sample.math:users-lua", users);
    }

    /** A component that calls a Lua function through wippy:runtime/funcs (call-string, JSON input). */
    @GetMapping("/relay/greet")
    public Mono<Map<String, Object>> relayGreet(@RequestParam String name) {
        String json = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return registry.callAsync("sample.math:relay", "sample.math:greet-lua", json)
                .map(v -> Map.of("answer", v));
    }
}
