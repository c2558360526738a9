package ai.wippy.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.CallContextProvider;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What happens to calls that have no identity, and what the boot log says about it, once: with
 * Spring Security and policies they are denied unless explicitly allowed; without Spring Security the
 * policies cannot be enforced for them, and the log says so instead of ignoring the settings.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityModeTest {

    private static final String POLICIES = "wippy.registry.locations=classpath*:wippy-identity/_index.yaml";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    WippySecurityAutoConfiguration.class,
                    WippyWithoutSpringSecurityAutoConfiguration.class,
                    WippyAutoConfiguration.class));

    @Test
    void withPoliciesACallMadeOutsideAnyRequestWithoutASystemActorIsDenied(CapturedOutput output) {
        runner.withPropertyValues(POLICIES).run(ctx -> {
            assertThatThrownBy(() -> ctx.getBean(WasmRegistry.class).call("ident:hello"))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED))
                    .hasMessageContaining(
                            "anonymous caller may not funcs.call ident:hello: security policies are in"
                                    + " force and the call has no actor (a call made outside any request needs a system actor)");
            assertThat(output)
                    .containsOnlyOnce(
                            "Wippy security: 4 security.policy entries are in force; anonymous requests run as"
                                    + " actor 'anonymous' with groups [] (wippy.security.anonymous-groups); calls made outside"
                                    + " any request have no actor; calls with no actor or no scope are denied"
                                    + " (wippy.security.allow-unscoped=true lets them pass)");
        });
    }

    @Test
    void theSystemActorIsWhoCallsOutsideAnyRequest(CapturedOutput output) {
        runner.withPropertyValues(POLICIES, "wippy.security.system-actor=scheduler", "wippy.security.system-groups=ops")
                .run(ctx -> {
                    WasmRegistry registry = ctx.getBean(WasmRegistry.class);
                    assertThat(registry.call("ident:whoami")).isEqualTo("scheduler");
                    assertThat(registry.call("ident:payroll")).isEqualTo(2);
                    assertThat(output)
                            .containsOnlyOnce("calls made outside any request run as actor 'scheduler' with groups"
                                    + " [ops] (wippy.security.system-actor)");
                });
    }

    @Test
    void allowingUnscopedCallsIsAnExplicitOptInThatTheLogWarnsAbout(CapturedOutput output) {
        runner.withPropertyValues(POLICIES, "wippy.security.allow-unscoped=true")
                .run(ctx -> {
                    assertThat(ctx.getBean(WasmRegistry.class).call("ident:payroll"))
                            .isEqualTo(2);
                    assertThat(output)
                            .containsOnlyOnce("WARN")
                            .containsOnlyOnce("calls with no actor or no scope PASS the policies unchecked"
                                    + " (wippy.security.allow-unscoped=true)");
                });
    }

    @Test
    void strictModeWinsOverAllowingUnscopedCalls(CapturedOutput output) {
        runner.withPropertyValues(POLICIES, "wippy.security.allow-unscoped=true", "wippy.security.strict=true")
                .run(ctx -> {
                    assertThatThrownBy(() -> ctx.getBean(WasmRegistry.class).call("ident:hello"))
                            .hasMessageContaining("strict mode requires an actor and a scope");
                    assertThat(output)
                            .containsOnlyOnce(
                                    "calls with no actor or no scope are denied (wippy.security.strict=true);"
                                            + " wippy.security.allow-unscoped=true is ignored under wippy.security.strict=true");
                });
    }

    @Test
    void withoutPoliciesCallsWithNoIdentityPassAsBefore(CapturedOutput output) {
        runner.withPropertyValues("wippy.registry.locations=classpath*:wippy/conv/_index.yaml")
                .withBean(ai.wippy.spring.EchoHandler.class)
                .run(ctx -> {
                    WasmRegistry registry = ctx.getBean(WasmRegistry.class);
                    assertThat(registry.accessGuard().deniesUnscoped()).isFalse();
                    assertThat(registry.call("conv:add", 2, 3)).isEqualTo(5);
                    assertThat(output)
                            .containsOnlyOnce("Wippy security: no security.policy entries are loaded, so calls with"
                                    + " no actor or no scope pass");
                });
    }

    @Test
    void withoutSpringSecurityTheBootLogSaysThePoliciesAreNotEnforcedForAnonymousCallers(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues(POLICIES, "wippy.security.system-actor=scheduler")
                .run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(CallContextProvider.class);
                    // nobody has an identity, so the policies cannot hold anyone back
                    assertThat(ctx.getBean(WasmRegistry.class).call("ident:payroll"))
                            .isEqualTo(2);
                    assertThat(output)
                            .containsOnlyOnce("WARN")
                            .containsOnlyOnce("Wippy security: Spring Security is not on the classpath, so calls made"
                                    + " from application code have no actor: the 4 security.policy entries are not"
                                    + " enforced for anonymous callers (anonymous callers pass);"
                                    + " wippy.security.system-actor 'scheduler' is ignored without Spring Security");
                });
    }
}
