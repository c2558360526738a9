package ai.wippy.spring.env;

import ai.wippy.env.LookupVariableStorage;
import org.springframework.core.env.Environment;

/**
 * Variables from Spring's {@link Environment} (properties, profiles, config data, the OS
 * environment with relaxed names): {@code kind: env.storage.spring} entries, or {@code storage:
 * env.storage.spring} in an {@code env.variable}.
 */
public final class SpringEnvironmentStorage extends LookupVariableStorage {

    public static final String KIND = "env.storage.spring";

    public SpringEnvironmentStorage(Environment environment) {
        super(KIND, environment::getProperty);
    }
}
