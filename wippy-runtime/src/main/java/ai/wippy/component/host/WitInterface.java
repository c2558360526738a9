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
 *
 * <p>A resource method may instead be a method of the annotated class taking the resource object
 * first, named after resource and method: {@code [method]input-stream.read} calls {@code
 * inputStreamRead(InputResource self, long len)}, {@code [static]fields.from-list} calls {@code
 * fieldsFromList(...)}, {@code [constructor]fields} calls {@code newFields()} (for objects whose class
 * is not yours, or is shared by several interfaces). Resources defined by another interface ({@code
 * use wasi:io/streams.{input-stream}}) are taken and returned as their Java class like the interface's
 * own; {@link #uses()} names those classes so that their handles are type checked at link time.
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

    /**
     * The classes of resources another interface defines that this one takes or returns, each
     * named like {@link #resources()}: {@code uses = InputResource.class} for {@code use
     * wasi:io/streams.{input-stream}}. A handle parameter or result is then checked at link time
     * against its class (a parameter for {@code borrow<input-stream>} must be able to hold an
     * {@code InputResource}); the functions of those resources stay with the defining interface.
     */
    Class<?>[] uses() default {};
}
