package ai.wippy.sample;

import ai.wippy.spring.WippyFunction;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A secured route and a public one backed by registry functions: the policies decide per caller.
 * {@code /secure/payroll} calls a confidential function only admins may call; {@code /public/answer}
 * calls one anyone may.
 */
@RestController
public class PayrollController {

    public interface Total {
        Mono<Integer> total();
    }

    private final Total payroll;
    private final MathController.Answer answer;

    public PayrollController(
            @WippyFunction("sample:payroll") Total payroll,
            @WippyFunction("sample:answer") MathController.Answer answer) {
        this.payroll = payroll;
        this.answer = answer;
    }

    @GetMapping("/secure/payroll")
    public Mono<Map<String, Object>> payroll() {
        return payroll.total().map(total -> Map.of("total", total));
    }

    @GetMapping("/public/answer")
    public Mono<Map<String, Object>> publicAnswer() {
        return answer.answer().map(v -> Map.of("answer", v));
    }
}
