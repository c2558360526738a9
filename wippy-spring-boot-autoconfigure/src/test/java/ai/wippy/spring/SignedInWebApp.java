package ai.wippy.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of tests about who may call: the auto-configuration, alice (an admin) and bob (a
 * user) signing in with HTTP Basic, every exchange needing one of them. Name it with the test's own
 * routes: {@code @WebAppTest({SignedInWebApp.class, Routes.class})}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TestSecurity.SignedIn.class, TestSecurity.AliceAndBob.class})
public class SignedInWebApp {}
