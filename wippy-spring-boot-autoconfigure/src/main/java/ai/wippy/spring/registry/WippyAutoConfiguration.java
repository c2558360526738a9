package ai.wippy.spring.registry;

import ai.wippy.call.CallContextProvider;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.runtime.WasmRegistryBuilder;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.RuntimeExtension;
import ai.wippy.spi.RuntimeObserver;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.spring.WasmRegistryBuilderCustomizer;
import ai.wippy.spring.WippyFunction;
import ai.wippy.spring.WippyProperties;
import ai.wippy.spring.WippySecurityProperties;
import ai.wippy.spring.proxy.WippyFunctionInjection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link WasmRegistry} from the registry files, makes each function entry a bean, and
 * enables {@link WippyFunction} injection. Every bean here can be replaced by the application's own.
 */
@AutoConfiguration
@EnableConfigurationProperties({WippyProperties.class, WippySecurityProperties.class})
public final class WippyAutoConfiguration {

    @Bean
    static WippyFunctionInjection wippyFunctionInjection() {
        return new WippyFunctionInjection();
    }

    @Bean
    static FunctionBeanRegistrar wippyFunctionBeans() {
        return new FunctionBeanRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    RegistryDocumentScanner wippyRegistryDocumentScanner(ResourceLoader resourceLoader, WippyProperties properties) {
        ClassLoader loader = resourceLoader.getClassLoader() != null
                ? resourceLoader.getClassLoader()
                : Thread.currentThread().getContextClassLoader();
        return new RegistryDocumentScanner(loader, properties.registry().toOptions());
    }

    /**
     * Applies changes of the registry while running: the wippy.registry.directories unless
     * wippy.registry.watch=false, and the folders on disk behind the classpath locations (an IDE's or
     * spring-boot:run's classpath; never a jar) when it is true, or unset with spring-boot-devtools.
     */
    @Bean
    @ConditionalOnMissingBean
    RegistryWatcher wippyRegistryWatcher(
            WasmRegistry registry, WippyProperties properties, RegistryDocumentScanner scanner) {
        WippyProperties.Registry r = properties.registry();
        Boolean explicit = r.watch();
        boolean directories = !Boolean.FALSE.equals(explicit);
        boolean classpath = explicit != null ? explicit : DevToolsRestartExclusions.devtoolsPresent();
        List<java.nio.file.Path> folders = new java.util.ArrayList<>();
        if (classpath) {
            folders.addAll(scanner.classpathFolders(r.locations()));
        }
        if (directories) {
            r.directories().stream()
                    .map(d -> java.nio.file.Path.of(d).toAbsolutePath().normalize())
                    .filter(java.nio.file.Files::isDirectory)
                    .filter(d -> !folders.contains(d))
                    .forEach(folders::add);
        }
        return new RegistryWatcher(registry, List.copyOf(folders), () -> scanner.scan(r.locations(), r.directories()));
    }

    @Bean
    @ConditionalOnMissingBean
    RuntimeSettings wippyRuntimeSettings(
            WippyProperties properties,
            WippySecurityProperties security,
            ObjectProvider<CallContextProvider> contextProvider) {
        boolean strict = security.strict();
        boolean allowUnscoped = security.allowUnscoped();
        // Where callers have identities (Spring Security, or your own provider), a call that has none must
        // not pass the policies silently: denied once a security.policy is loaded, unless explicitly allowed.
        boolean identities = contextProvider.getIfAvailable() != null;
        return new RuntimeSettings(
                properties.engine().mode(),
                strict,
                properties.dispatcher().workerClasses(),
                identities && !allowUnscoped,
                properties.limits().toSettings());
    }

    /**
     * The runtime: the registry files (as the function bean registrar already read them, or scanned
     * now), the settings and the compile cache, then every {@link WasmRegistryBuilderCustomizer} in
     * order (the starter's own add the entry handlers, extensions, host interfaces, identities and
     * observers that are beans).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WasmRegistry wasmRegistry(
            WippyProperties properties,
            RuntimeSettings settings,
            RegistryDocumentScanner scanner,
            ObjectProvider<RegistryDocuments> scanned,
            ObjectProvider<WasmRegistryBuilderCustomizer> customizers,
            ResourceLoader resourceLoader,
            org.springframework.beans.factory.ListableBeanFactory beans) {
        WippyProperties.Registry r = properties.registry();
        // the registrar read the files with the default scanner: an application's own scanner reads them itself
        boolean defaultScanner = beans.containsBeanDefinition("wippyRegistryDocumentScanner");
        RegistryDocuments documents = defaultScanner ? scanned.getIfAvailable() : null;
        if (documents == null) {
            documents = new RegistryDocuments(scanner.scan(r.locations(), r.directories()));
        }
        WasmRegistryBuilder builder = documents.parsed() != null
                ? WasmRegistry.builder().documents(documents.documents(), documents.parsed())
                : WasmRegistry.builder().documents(documents.documents());
        builder.settings(settings)
                .registryOptions(r.toOptions())
                .compileCache(properties.engine().toCompileCache(resourceLoader.getClassLoader()));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** The entry handlers, runtime extensions and the identity of calls that are beans. */
    @Bean
    WasmRegistryBuilderCustomizer wippyRegistryBeans(
            ObjectProvider<EntryHandler> handlers,
            ObjectProvider<RuntimeExtension> extensions,
            ObjectProvider<CallContextProvider> contextProvider) {
        return builder -> {
            handlers.orderedStream().forEach(builder::handler);
            extensions.orderedStream().forEach(e -> builder.service(RuntimeExtension.class, e));
            contextProvider.ifAvailable(builder::ambientContext);
        };
    }

    /** Host interfaces for components: {@link HostInterface} beans, and beans annotated {@link WitInterface}. */
    @Bean
    WasmRegistryBuilderCustomizer wippyHostInterfaces(
            ObjectProvider<HostInterface> hostInterfaces, org.springframework.context.ApplicationContext context) {
        return builder -> {
            hostInterfaces.orderedStream().forEach(h -> builder.service(HostInterface.class, h));
            context.getBeansWithAnnotation(WitInterface.class)
                    .values()
                    .forEach(bean -> ReflectiveHostInterface.adapt(bean)
                            .ifPresent(h -> builder.service(HostInterface.class, h)));
        };
    }

    /** The {@link RuntimeObserver} beans (Micrometer's observations and meters among them), as one. */
    @Bean
    WasmRegistryBuilderCustomizer wippyObservers(ObjectProvider<RuntimeObserver> observers) {
        return builder -> {
            List<RuntimeObserver> all = observers.orderedStream().toList();
            if (!all.isEmpty()) {
                builder.observer(all.size() == 1 ? all.get(0) : new CompositeObserver(all));
            }
        };
    }

    /**
     * Several observers seen as one. The first observation started is the trace nested calls see; the
     * observers that start none are timed and told {@link RuntimeObserver#onCall}.
     */
    private record CompositeObserver(List<RuntimeObserver> observers) implements RuntimeObserver {
        @Override
        public void onCall(String functionId, String outcome, long nanos) {
            for (RuntimeObserver o : observers) {
                o.onCall(functionId, outcome, nanos);
            }
        }

        @Override
        public void onCompile(String sha256, long nanos) {
            for (RuntimeObserver o : observers) {
                o.onCompile(sha256, nanos);
            }
        }

        @Override
        public CallObservation startCall(CallStart call) {
            List<CallObservation> started = new java.util.ArrayList<>(observers.size());
            List<RuntimeObserver> timed = new java.util.ArrayList<>(observers.size());
            for (RuntimeObserver o : observers) {
                CallObservation c = o.startCall(call);
                if (c != null) {
                    started.add(c);
                } else {
                    timed.add(o);
                }
            }
            long start = System.nanoTime();
            Object trace =
                    started.isEmpty() ? call.parent().trace() : started.get(0).trace();
            return new CallObservation() {
                @Override
                public Object trace() {
                    return trace;
                }

                @Override
                public void stop(String outcome, Throwable error) {
                    long nanos = System.nanoTime() - start;
                    for (int i = started.size() - 1; i >= 0; i--) {
                        started.get(i).stop(outcome, error);
                    }
                    for (RuntimeObserver o : timed) {
                        o.onCall(call.functionId(), outcome, nanos);
                    }
                }
            };
        }

        @Override
        public Object currentTrace() {
            for (RuntimeObserver o : observers) {
                Object t = o.currentTrace();
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
    }
}
