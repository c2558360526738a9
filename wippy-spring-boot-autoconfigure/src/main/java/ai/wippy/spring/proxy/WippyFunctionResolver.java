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
final class WippyFunctionResolver implements AutowireCandidateResolver {

    private final AutowireCandidateResolver delegate;
    private final BeanFactory beanFactory;

    WippyFunctionResolver(AutowireCandidateResolver delegate, BeanFactory beanFactory) {
        this.delegate = delegate;
        this.beanFactory = beanFactory;
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        WippyFunction annotation = find(descriptor);
        if (annotation != null) {
            WasmRegistry registry = beanFactory.getBean(WasmRegistry.class);
            String where = descriptor.getField() != null
                    ? descriptor.getField().getDeclaringClass().getSimpleName() + "."
                            + descriptor.getField().getName()
                    : String.valueOf(descriptor.getMethodParameter());
            return new FunctionProxyFactory(registry).create(descriptor.getDependencyType(), annotation.value(), where);
        }
        return delegate.getSuggestedValue(descriptor);
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
