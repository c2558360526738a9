package ai.wippy.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.spring.EchoHandler;
import ai.wippy.spring.WippyFunction;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/**
 * A {@code @WippyFunction} interface whose Java types cannot carry the function's WIT signature
 * stops the application's start, and what the user reads names the function ID, the injection
 * point, the interface method and the problem (parameter, class and WIT field): as the root cause
 * of the failed context, and in Spring Boot's failure report.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyCreationErrorTest {

    /** {@code conv:shape} takes and returns WIT record {@code user}, for whose field {@code age} this POJO has no property. */
    public static class Person {
        public String firstName;
        public List<String> tags;
        public String color;
        public Set<String> perms;
        public String nick;
    }

    public interface People {
        Person shape(Person u);
    }

    static class ByField {
        @WippyFunction("conv:shape")
        People people;
    }

    static class ByConstructor {
        ByConstructor(@WippyFunction("conv:shape") People people) {}
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WippyAutoConfiguration.class))
            .withBean(EchoHandler.class);

    /** Why a context with the Wippy auto-configuration and {@code bean} did not start. */
    private Throwable startFailure(Class<?> bean) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner.withBean(bean).run(ctx -> failure.set(ctx.getStartupFailure()));
        return failure.get();
    }

    @Test
    void aFieldWhoseTypeCannotCarryTheRecordFailsTheStartNamingFunctionFieldMethodAndProblem() {
        assertThat(startFailure(ByField.class))
                .isNotNull()
                .rootCause()
                .isInstanceOf(WippyFunctionInjectionException.class)
                .hasMessageStartingWith(
                        "@WippyFunction(\"conv:shape\") on ByField.people (People.shape): parameter 1, u")
                .hasMessageContaining("Person has no property for field 'age'");
    }

    @Test
    void aConstructorParameterIsNamedByItsClassAndPosition() {
        assertThat(startFailure(ByConstructor.class))
                .isNotNull()
                .rootCause()
                .isInstanceOfSatisfying(WippyFunctionInjectionException.class, e -> {
                    assertThat(e.failure().functionId()).isEqualTo("conv:shape");
                    assertThat(e.failure().injectionPoint()).matches("ByConstructor\\((people|parameter 1)\\)");
                    assertThat(e.failure().method()).isEqualTo("People.shape");
                    assertThat(e.failure().problem())
                            .startsWith("parameter 1, u")
                            .contains("field 'age'");
                });
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({EchoHandler.class, ByField.class})
    static class WrongTypeApp {}

    @Test
    void theApplicationStopsWithSpringBootsReportInsteadOfAStackTrace(CapturedOutput output) {
        SpringApplication app = new SpringApplication(WrongTypeApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        Throwable failure = catchThrowable(() -> app.run("--spring.main.banner-mode=off"));

        assertThat(failure).rootCause().isInstanceOf(WippyFunctionInjectionException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("A @WippyFunction proxy could not be made.")
                .contains("Function:        conv:shape")
                .contains("Injection point: ByField.people")
                .contains("Method:          People.shape")
                .containsPattern("Problem: +parameter 1, u: Person has no property for field 'age'")
                .contains("Action:");
    }
}
