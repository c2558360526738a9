package ai.wippy.component.host;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an application object as the implementation of a WIT interface, e.g.
 * {@code @WitInterface("test:minimal/host")}; wrap it with {@link ReflectiveHostInterface#of(Object)}.
 * The interface's resources are implemented by the classes {@link #resources()} names: WIT
 * {@code [constructor]counter} creates a {@code Counter} with one of its public constructors,
 * {@code [method]counter.increment} calls {@code increment()} on the instance the handle names,
 * {@code [static]counter.zero} calls the static {@code zero()}, and dropping the handle
 * ({@code [resource-drop]counter}) closes the instance if it is {@link AutoCloseable}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WitInterface {
    /** The interface name, {@code namespace:package/interface}; any {@code @version} is ignored. */
    String value();

    /**
     * The classes implementing the interface's resources, each named by its simple name in kebab
     * case ({@code Counter} is {@code counter}) or by {@link WitResource}.
     */
    Class<?>[] resources() default {};
}
