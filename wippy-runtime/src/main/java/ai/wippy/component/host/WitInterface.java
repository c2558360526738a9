package ai.wippy.component.host;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an application object as the implementation of a WIT interface, e.g.
 * {@code @WitInterface("test:minimal/host")}; wrap it with {@link ReflectiveHostInterface#of(Object)}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WitInterface {
    /** The interface name without version, {@code namespace:package/interface}. */
    String value();
}
