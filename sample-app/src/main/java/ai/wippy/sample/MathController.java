package ai.wippy.sample;

import ai.wippy.spring.WippyFunction;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Routes backed by WebAssembly functions, called through typed {@code @WippyFunction} proxies. */
@RestController
public class MathController {

    /** {@code sample:answer}, a function.wat entry. */
    public interface Answer {
        Mono<Integer> answer();
    }

    /** {@code sample.math:add}, a function.wasm core module with a WIT signature. */
    public interface Adder {
        Mono<Integer> add(int a, int b);
    }

    private final Answer answer;
    private final Adder adder;

    public MathController(
            @WippyFunction("sample:answer") Answer answer, @WippyFunction("sample.math:add") Adder adder) {
        this.answer = answer;
        this.adder = adder;
    }

    @GetMapping("/answer")
    public Mono<Map<String, Object>> answer() {
        return answer.answer().map(value -> Map.of("answer", value));
    }

    /** The answer of {@code /add}: a record, so the JSON keeps this field order. */
    public record Sum(int a, int b, int sum) {}

    @GetMapping("/add")
    public Mono<Sum> add(@RequestParam int a, @RequestParam int b) {
        return adder.add(a, b).map(sum -> new Sum(a, b, sum));
    }
}
