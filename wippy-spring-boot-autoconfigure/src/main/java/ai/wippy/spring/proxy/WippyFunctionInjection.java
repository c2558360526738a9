package ai.wippy.spring.proxy;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Installs the resolver that makes {@code @WippyFunction} injection points work. */
public final class WippyFunctionInjection implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (beanFactory instanceof DefaultListableBeanFactory dlbf
                && !(dlbf.getAutowireCandidateResolver() instanceof WippyFunctionResolver)) {
            dlbf.setAutowireCandidateResolver(
                    new WippyFunctionResolver(dlbf.getAutowireCandidateResolver(), beanFactory));
        }
    }
}
