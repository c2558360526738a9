package ai.wippy.spring.cli;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the first application argument is {@code run}, the application starts as a command: no web
 * server ({@code spring.main.web-application-type=none}, set before the context is created, with
 * the highest precedence so that {@code application.yaml} cannot bring the server back), and no
 * banner. Registered in {@code META-INF/spring.factories}.
 */
public final class RunCommandListener implements SpringApplicationRunListener {

    private final SpringApplication application;
    private final boolean command;

    public RunCommandListener(SpringApplication application, String[] args) {
        this.application = application;
        this.command = isCommand(args);
        if (command) {
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        }
    }

    static boolean isCommand(String[] args) {
        return args != null && args.length > 0 && args[0].equals(WippyCommandRunner.RUN);
    }

    @Override
    public void environmentPrepared(
            ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
        if (command) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "wippyRunCommand", Map.of("spring.main.web-application-type", "none")));
        }
    }
}
