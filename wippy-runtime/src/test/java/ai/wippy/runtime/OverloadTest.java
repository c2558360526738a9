package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Under overload every call is answered exactly once: by its result or by an explicit rejection. */
class OverloadTest {

    static final String YAML = """
            version: "1.0"
            namespace: load
            entries:
              - name: work
                kind: function.wat
                method: work
                wit: "work: func(n: s32) -> s32;"
                pool: { type: lazy, max_size: 4, buffer: 100, wait_timeout: 2s }
                source: |
                  (module (func (export "work") (param $n i32) (result i32)
                    (local $i i32) (local $acc i32)
                    (loop $l
                      local.get $acc local.get $i i32.add local.set $acc
                      local.get $i i32.const 1 i32.add local.tee $i
                      i32.const 50000 i32.lt_s br_if $l)
                    local.get $n))
            """;

    @Test
    void fiftyThousandCallsAreEachAnsweredOnce() {
        int calls = 50_000;
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            AtomicIntegerArray answers = new AtomicIntegerArray(calls);
            AtomicInteger results = new AtomicInteger();
            AtomicInteger rejections = new AtomicInteger();
            ConcurrentHashMap<String, Integer> otherErrors = new ConcurrentHashMap<>();
            Flux.range(0, calls)
                    .flatMap(
                            i -> r.callAsync("load:work", i)
                                    .doOnNext(v -> {
                                        answers.incrementAndGet((Integer) v);
                                        results.incrementAndGet();
                                    })
                                    .onErrorResume(e -> {
                                        if (e instanceof WippyException w && w.kind() == ErrorKind.SATURATED) {
                                            rejections.incrementAndGet();
                                            answers.incrementAndGet(i);
                                        } else {
                                            otherErrors.merge(String.valueOf(e), 1, Integer::sum);
                                        }
                                        return Mono.empty();
                                    }),
                            calls)
                    .blockLast(Duration.ofMinutes(2));
            assertThat(otherErrors).isEmpty();
            assertThat(results.get() + rejections.get()).isEqualTo(calls);
            for (int i = 0; i < calls; i++) {
                assertThat(answers.get(i))
                        .as("call %d answered exactly once", i)
                        .isEqualTo(1);
            }
            assertThat(results.get()).isPositive();
            assertThat(rejections.get()).as("the queue of 100 overflowed").isPositive();
            assertThat(r.function("load:work").orElseThrow().pool().stats().rejected())
                    .isEqualTo(rejections.get());
        }
    }
}
