package ai.wippy.spring.aot;

import ai.wippy.component.host.WitInterface;
import ai.wippy.spring.WippyFunction;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The hints that depend on the application's own beans, found ahead of time: each interface injected
 * with {@link WippyFunction} (a field, a constructor or method parameter) is a JDK proxy whose
 * methods the proxy factory reads, and whose parameter and result types (records, POJOs, enums,
 * inside {@code Mono}, {@code List}...) are built and read reflectively when values cross; each
 * {@link WitInterface} bean, and the resource classes it names, is called reflectively.
 */
public final class WippyBeanFactoryAotProcessor implements BeanFactoryInitializationAotProcessor {

    private static final BindingReflectionHintsRegistrar BINDING = new BindingReflectionHintsRegistrar();

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Set<Class<?>> proxies = new LinkedHashSet<>();
        Set<Class<?>> hosts = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            collectInjections(type, proxies);
            if (type.isAnnotationPresent(WitInterface.class)) {
                hosts.add(type);
            }
        }
        if (proxies.isEmpty() && hosts.isEmpty()) {
            return null;
        }
        return (context, code) -> register(context.getRuntimeHints(), proxies, hosts);
    }

    static void register(RuntimeHints hints, Set<Class<?>> proxies, Set<Class<?>> hosts) {
        ReflectionHints reflection = hints.reflection();
        for (Class<?> type : proxies) {
            hints.proxies().registerJdkProxy(type);
            reflection.registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == Object.class) {
                    continue;
                }
                BINDING.registerReflectionHints(reflection, m.getGenericReturnType());
                for (var p : m.getGenericParameterTypes()) {
                    BINDING.registerReflectionHints(reflection, p);
                }
            }
        }
        for (Class<?> host : hosts) {
            reflection.registerType(host, MemberCategory.INVOKE_PUBLIC_METHODS);
            for (Class<?> resource : host.getAnnotation(WitInterface.class).resources()) {
                reflection.registerType(
                        resource, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS);
            }
        }
    }

    /** The interfaces a bean class has injected with {@link WippyFunction}, in itself and its superclasses. */
    static void collectInjections(Class<?> type, Set<Class<?>> out) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(WippyFunction.class) && f.getType().isInterface()) {
                    out.add(f.getType());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                parameters(k.getParameters(), out);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(WippyFunction.class) && m.getParameterCount() == 1) {
                    Class<?> p = m.getParameterTypes()[0];
                    if (p.isInterface()) {
                        out.add(p);
                    }
                }
                parameters(m.getParameters(), out);
            }
        }
    }

    private static void parameters(Parameter[] parameters, Set<Class<?>> out) {
        for (Parameter p : parameters) {
            if (p.isAnnotationPresent(WippyFunction.class) && p.getType().isInterface()) {
                out.add(p.getType());
            }
        }
    }
}
