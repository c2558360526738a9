package ai.wippy.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What answers an {@code http.endpoint}: a function ({@code func}) or a service's actor ({@code process}). */
class HttpEndpointTargetsTest {

    static final String BASE = """
            version: "1.0"
            namespace: h
            entries:
              - name: answer
                kind: function.wat
                method: f
                source: '(module (func (export "f") (result i32) i32.const 42))'
              - name: worker
                kind: process.wasm
                method: _start
                source: '(module (memory (export "memory") 1) (func (export "_start")))'
              - name: svc
                kind: process.service
                process: worker
            """;

    static RegistryException bootError(String endpoint) {
        try (WasmRegistry r = TestRegistries.runtime(BASE + endpoint)) {
            throw new AssertionError("booted");
        } catch (RegistryException e) {
            return e;
        }
    }

    @Test
    void anEndpointNamesAServiceAndATopic() {
        try (WasmRegistry r = TestRegistries.runtime(BASE + """
                  - { name: e, kind: http.endpoint, method: POST, path: /x, process: svc, topic: get, timeout: 5s }
                  - { name: d, kind: http.endpoint, method: GET, path: /y, process: svc }
                """)) {
            HttpEndpoint e = r.resources(HttpEndpoint.class).stream()
                    .filter(x -> x.path().equals("/x"))
                    .findFirst()
                    .orElseThrow();
            assertThat(e.transport()).isEqualTo(HttpEndpoint.ACTOR);
            assertThat(e.process()).isEqualTo("h:svc");
            assertThat(e.topic()).isEqualTo("get");
            assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
            HttpEndpoint d = r.resources(HttpEndpoint.class).stream()
                    .filter(x -> x.path().equals("/y"))
                    .findFirst()
                    .orElseThrow();
            assertThat(d.topic()).as("the default topic").isEqualTo("http");
            assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void whatAnswersIsOneThingAndTheRightKind() {
        assertThat(bootError("  - { name: e, kind: http.endpoint, method: GET, path: /x }\n")
                        .getMessage())
                .contains("entry 'h:e'")
                .contains("field 'func'")
                .contains("either func (a function entry) or process (a process.service), not neither");
        assertThat(bootError(
                                "  - { name: e, kind: http.endpoint, method: GET, path: /x, func: answer, process: svc }\n")
                        .getMessage())
                .contains("field 'process'")
                .contains("not both");
        assertThat(bootError("  - { name: e, kind: http.endpoint, method: GET, path: /x, process: worker }\n")
                        .getMessage())
                .contains("field 'process'")
                .contains("refers to 'h:worker' of kind process.wasm, which is not a process.service");
        assertThat(bootError(
                                "  - { name: e, kind: http.endpoint, method: GET, path: /x, process: svc, topic: '@exit' }\n")
                        .getMessage())
                .contains("field 'topic'")
                .contains("reserved");
        assertThat(bootError("  - { name: e, kind: http.endpoint, method: GET, path: /x, func: answer, topic: t }\n")
                        .getMessage())
                .contains("field 'topic'")
                .contains("only an endpoint with process takes topic");
    }
}
