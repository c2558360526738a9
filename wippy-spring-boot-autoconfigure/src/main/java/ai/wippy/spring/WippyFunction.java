package ai.wippy.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Injects a typed proxy of a registry function into a field, a constructor parameter or a setter.
 * The declared type is an interface; each of its abstract methods calls the function, converting
 * arguments and results (records and POJOs map to WIT records, kebab-case to camelCase; integers
 * are range-checked). A method returning {@code Mono<T>} or {@code CompletableFuture<T>} calls
 * asynchronously on the dispatcher.
 *
 * <pre>{@code
 * interface Adder { int add(int a, int b); }
 *
 * @WippyFunction("demo:add") Adder adder;
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Autowired
public @interface WippyFunction {

    /** The function's registry ID, {@code namespace:name}. */
    String value();
}
