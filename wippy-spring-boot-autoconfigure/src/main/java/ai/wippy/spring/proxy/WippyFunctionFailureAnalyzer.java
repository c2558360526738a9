package ai.wippy.spring.proxy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link WippyFunctionInjectionException} that stops the boot into Spring Boot's
 * "APPLICATION FAILED TO START" report: the function, the injection point, the interface method and
 * the problem, instead of a stack trace through the bean factory.
 */
public final class WippyFunctionFailureAnalyzer extends AbstractFailureAnalyzer<WippyFunctionInjectionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WippyFunctionInjectionException cause) {
        WippyFunctionInjectionException.Failure failure = cause.failure();
        StringBuilder description = new StringBuilder("A @WippyFunction proxy could not be made.\n\n");
        description.append("    Function:        ").append(failure.functionId()).append('\n');
        description
                .append("    Injection point: ")
                .append(failure.injectionPoint())
                .append('\n');
        if (failure.method() != null) {
            description.append("    Method:          ").append(failure.method()).append('\n');
        }
        description.append("    Problem:         ").append(failure.problem());
        String action = "Change the injection point's interface so that each method carries the function's WIT"
                + " signature, as the problem above says (a WIT record as a Java record or bean with a property per"
                + " field, a variant as a sealed interface with a record per case), or name another function."
                + "\nThe Java types of WIT values are listed in docs/values-calls-observability.md.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
