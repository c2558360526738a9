package ai.wippy.sample;

import ai.wippy.actor.Payload;
import ai.wippy.actor.Pid;
import ai.wippy.call.WippyException;
import ai.wippy.process.Supervisor;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.actors.WippyProcesses;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The counter actor ({@code sample.math:counter-service}): {@code POST /actors/counter} adds one and
 * answers the count, from Java; {@code POST /actors/counter/lua} does the same from Lua. Signed-in
 * users only (policy {@code actors-for-members}); anonymous requests are refused.
 */
@RestController
public class CounterController {

    private final WippyProcesses processes;
    private final Supervisor supervisor;
    private final WasmRegistry registry;

    public CounterController(WippyProcesses processes, Supervisor supervisor, WasmRegistry registry) {
        this.processes = processes;
        this.supervisor = supervisor;
        this.registry = registry;
    }

    private Pid counter() {
        String pid = supervisor.status("sample.math:counter-service").pid();
        if (pid == null) {
            throw new WippyException(ai.wippy.call.ErrorKind.NOT_FOUND, null, "the counter is not running");
        }
        return Pid.parse(pid);
    }

    @PostMapping("/actors/counter")
    public Mono<ResponseEntity<Map<String, Object>>> bump() {
        try {
            Pid pid = counter();
            processes.send(pid, "inc");
            return processes
                    .request(pid, "get", null, Duration.ofSeconds(10))
                    .map(m -> ResponseEntity.ok(Map.<String, Object>of(
                            "pid",
                            pid.toString(),
                            "count",
                            Long.parseLong(((Payload.Json) m.payloads().get(0)).json()))))
                    .onErrorResume(WippyException.class, e -> Mono.just(refused(e)));
        } catch (WippyException e) {
            return Mono.just(refused(e));
        }
    }

    @PostMapping("/actors/counter/lua")
    public ResponseEntity<Map<String, Object>> bumpFromLua() {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>)
                    registry.call("sample.math:counter-from-lua", counter().toString());
            return ResponseEntity.ok(out);
        } catch (WippyException e) {
            return refused(e);
        }
    }

    private static ResponseEntity<Map<String, Object>> refused(WippyException e) {
        HttpStatus status = e.kind() == ai.wippy.call.ErrorKind.PERMISSION_DENIED
                ? HttpStatus.FORBIDDEN
                : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
    }
}
