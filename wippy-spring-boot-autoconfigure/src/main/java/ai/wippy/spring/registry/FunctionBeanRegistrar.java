package ai.wippy.spring.registry;

import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippyFunctionBean;
import ai.wippy.spring.WippyProperties;
import java.util.List;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link WippyFunctionBean} per function entry, named by the entry's ID, so functions
 * can be injected with {@code @Qualifier("ns:name")} and listed like any other bean. The registry
 * files are only parsed here; loading happens when the {@link WasmRegistry} bean is built.
 */
public final class FunctionBeanRegistrar
        implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {

    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        // bound as the properties bean will be (the bean itself does not exist yet at this stage)
        WippyProperties props = Binder.get(environment).bindOrCreate("wippy", WippyProperties.class);
        if (!props.functionBeans().enabled()) {
            return;
        }
        ClassLoader loader = beanFactory instanceof org.springframework.beans.factory.config.ConfigurableBeanFactory cbf
                        && cbf.getBeanClassLoader() != null
                ? cbf.getBeanClassLoader()
                : Thread.currentThread().getContextClassLoader();
        RegistryOptions options = props.registry().toOptions();
        List<ai.wippy.registry.RegistryDocument> documents = new RegistryDocumentScanner(loader, options)
                .scan(props.registry().locations(), props.registry().directories());
        Registry parsed = Registry.load(documents, options);
        // read once: the WasmRegistry bean is built from these documents
        if (registry instanceof org.springframework.beans.factory.config.SingletonBeanRegistry singletons
                && !singletons.containsSingleton(RegistryDocuments.BEAN_NAME)) {
            singletons.registerSingleton(RegistryDocuments.BEAN_NAME, new RegistryDocuments(documents, parsed));
        }
        for (RegistryEntry entry : parsed.entries()) {
            if (!entry.kind().startsWith("function.")) {
                continue;
            }
            String id = entry.id().toString();
            if (registry.containsBeanDefinition(id)) {
                continue;
            }
            // constructor arguments rather than an instance supplier: Spring AOT can write them as code
            RootBeanDefinition def = new RootBeanDefinition(WippyFunctionBean.class);
            def.getConstructorArgumentValues()
                    .addIndexedArgumentValue(
                            0, new org.springframework.beans.factory.config.RuntimeBeanReference(WasmRegistry.class));
            def.getConstructorArgumentValues().addIndexedArgumentValue(1, id);
            def.setLazyInit(true);
            def.setDescription("Wippy function " + id + " (" + entry.kind() + ")");
            registry.registerBeanDefinition(id, def);
        }
    }
}
