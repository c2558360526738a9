package ai.wippy.component.host;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the WIT resource a class listed in {@link WitInterface#resources()} implements, when its
 * name is not the class's simple name in kebab case ({@code KeyValueStore} is {@code key-value-store}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WitResource {
    /** The resource's WIT name, e.g. {@code counter}. */
    String value();
}
