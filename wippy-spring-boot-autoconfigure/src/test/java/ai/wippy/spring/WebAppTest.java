package ai.wippy.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.annotation.AliasFor;

/**
 * A test of a real application on a random port, called through the {@link
 * org.springframework.test.web.reactive.server.WebTestClient} it injects: {@code classes} are the
 * application's, {@code properties} its settings, {@code timeout} the client's wait for each answer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public @interface WebAppTest {

    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] value() default {};

    @AliasFor(annotation = SpringBootTest.class)
    String[] properties() default {};

    @AliasFor(annotation = AutoConfigureWebTestClient.class)
    String timeout() default "";
}
