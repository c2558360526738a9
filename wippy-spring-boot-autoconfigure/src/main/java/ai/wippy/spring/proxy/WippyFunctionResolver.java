package ai.wippy.spring.proxy;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippyFunction;
import java.lang.annotation.Annotation;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;

/**
 * Answers injection points annotated with {@link WippyFunction} with a typed proxy, and delegates
 * everything else to Spring's own resolver.
 */
record WippyFunctionResolver(AutowireCandidateResolver delegate, BeanFactory beanFactory)
        implements AutowireCandidateResolver {

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        WippyFunction annotation = find(descriptor);
        if (annotation != null) {
            WasmRegistry registry = beanFactory.getBean(WasmRegistry.class);
            return new FunctionProxyFactory(registry)
                    .create(descriptor.getDependencyType(), annotation.value(), injectionPoint(descriptor));
        }
        return delegate.getSuggestedValue(descriptor);
    }

    /**
     * The injection point as a user finds it in the source: {@code OrderService.users} for a field,
     * {@code OrderService.setUsers(users)} for a method's parameter, {@code OrderService(users)} for
     * a constructor's (the parameter's position when its name is not known).
     */
    static String injectionPoint(DependencyDescriptor descriptor) {
        if (descriptor.getField() != null) {
            return descriptor.getField().getDeclaringClass().getSimpleName() + "."
                    + descriptor.getField().getName();
        }
        var parameter = descriptor.getMethodParameter();
        if (parameter == null) {
            return descriptor.toString();
        }
        String owner = parameter.getDeclaringClass().getSimpleName();
        String executable = parameter.getMethod() != null
                ? owner + "." + parameter.getMethod().getName()
                : owner;
        String name = descriptor.getDependencyName();
        return executable + "(" + (name != null ? name : "parameter " + (parameter.getParameterIndex() + 1)) + ")";
    }

    private static WippyFunction find(DependencyDescriptor descriptor) {
        for (Annotation a : descriptor.getAnnotations()) {
            if (a instanceof WippyFunction wf) {
                return wf;
            }
        }
        // A setter annotated as a whole: @WippyFunction("ns:f") void setF(F f)
        var parameter = descriptor.getMethodParameter();
        if (parameter != null
                && parameter.getMethod() != null
                && parameter.getMethod().getParameterCount() == 1) {
            return parameter.getMethodAnnotation(WippyFunction.class);
        }
        return null;
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder bdHolder, DependencyDescriptor descriptor) {
        return delegate.isAutowireCandidate(bdHolder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return delegate.hasQualifier(descriptor);
    }

    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
        return delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
        return delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        return new WippyFunctionResolver(delegate.cloneIfNecessary(), beanFactory);
    }
}
