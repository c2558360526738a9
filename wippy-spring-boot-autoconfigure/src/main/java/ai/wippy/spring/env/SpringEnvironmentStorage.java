package ai.wippy.spring.env;

import ai.wippy.env.VariableStorage;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Variables from Spring's {@link Environment} (properties, profiles, config data, the OS
 * environment with relaxed names): {@code kind: env.storage.spring} entries, or {@code storage:
 * env.storage.spring} in an {@code env.variable}.
 */
public final class SpringEnvironmentStorage implements VariableStorage {

    public static final String KIND = "env.storage.spring";

    private final Environment environment;

    public SpringEnvironmentStorage(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<String> get(String variable) {
        return Optional.ofNullable(environment.getProperty(variable));
    }
}
