package ai.wippy.spring.cli;

import java.util.Map;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.web.context.reactive.AnnotationConfigReactiveWebApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the first application argument is {@code run}, the application starts as a command: no web
 * server and no banner. Registered in {@code META-INF/spring.factories}.
 *
 * <p>A reactive (WebFlux) application keeps its web application type, so every bean that needs the
 * reactive web stack ({@code ServerHttpSecurity} for a {@code SecurityWebFilterChain}, WebFlux
 * configuration, routes) is still defined, but its context is a reactive web application context
 * without a server: nothing listens on a port. An application without a web stack starts as it
 * always does. A servlet application starts without its web stack ({@code
 * spring.main.web-application-type=none}, with the highest precedence).
 *
 * <p>A command's stdout is the guest's: the start-up log lines are off and the log level defaults to
 * {@code WARN} (a property source of the lowest precedence, so {@code logging.level.root} or {@code
 * logging.level.*} set by the application still win). The listener runs before Spring Boot's own, so
 * the logging system sees that default when it starts.
 */
public final class RunCommandListener implements SpringApplicationRunListener, Ordered {

    static final String DEFAULTS_SOURCE = "wippyRunCommandDefaults";

    static final String PROPERTY_SOURCE = "wippyRunCommand";

    private final SpringApplication application;
    private final boolean command;

    public RunCommandListener(SpringApplication application, String[] args) {
        this.application = application;
        this.command = isCommand(args);
        if (command) {
            application.setBannerMode(Banner.Mode.OFF);
            application.setLogStartupInfo(false);
            application.setApplicationContextFactory(new CommandContextFactory());
        }
    }

    static boolean isCommand(String[] args) {
        return args != null && args.length > 0 && args[0].equals(WippyCommandRunner.RUN);
    }

    @Override
    public void environmentPrepared(
            ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
        if (!command) {
            return;
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(DEFAULTS_SOURCE, Map.of("logging.level.root", "WARN")));
        WebApplicationType type = environment.getProperty(
                "spring.main.web-application-type", WebApplicationType.class, application.getWebApplicationType());
        if (type == WebApplicationType.SERVLET) {
            environment
                    .getPropertySources()
                    .addFirst(
                            new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.main.web-application-type", "none")));
        }
    }

    /** Before Spring Boot's {@code EventPublishingRunListener} (order 0), which starts the logging system. */
    @Override
    public int getOrder() {
        return -10;
    }

    /**
     * The contexts of a command: a reactive web application context that starts no server for a
     * reactive application, Spring Boot's own context otherwise (a servlet application has been
     * switched to {@code none} by then). Environments are Spring Boot's own.
     */
    static final class CommandContextFactory implements ApplicationContextFactory {

        @Override
        public ConfigurableApplicationContext create(WebApplicationType type) {
            if (type == WebApplicationType.REACTIVE) {
                return new AnnotationConfigReactiveWebApplicationContext();
            }
            return ApplicationContextFactory.DEFAULT.create(type);
        }

        @Override
        public Class<? extends ConfigurableEnvironment> getEnvironmentType(WebApplicationType type) {
            return ApplicationContextFactory.DEFAULT.getEnvironmentType(type);
        }

        @Override
        public ConfigurableEnvironment createEnvironment(WebApplicationType type) {
            return ApplicationContextFactory.DEFAULT.createEnvironment(type);
        }
    }
}
