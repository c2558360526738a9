package ai.wippy.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of tests that are not about security: the auto-configuration and a chain that lets
 * every exchange through without CSRF ({@link TestSecurity.Unsecured}), as Spring Security is on the
 * test classpath.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestSecurity.Unsecured.class)
public class UnsecuredWebApp {}
