package ai.wippy.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.proxies;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

import ai.wippy.component.host.WitInterface;
import ai.wippy.spring.WippyFunction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import reactor.core.publisher.Mono;

/** The runtime hints a native image of an application with the starter needs, checked with Spring's predicates. */
class WippyRuntimeHintsTest {

    record User(String name, int age, List<String> tags) {}

    enum Level {
        LOW,
        HIGH
    }

    interface Users {
        Mono<List<User>> transform(List<User> users);

        CompletableFuture<Level> level(User user);
    }

    interface Adder {
        int add(int a, int b);
    }

    interface Unrelated {
        void nothing();
    }

    static class UsesProxies {
        @WippyFunction("app:transform")
        Users users;

        Unrelated notInjected;

        UsesProxies(@WippyFunction("app:add") Adder adder) {}
    }

    public static class Counter {
        public Counter(long start) {}

        public long increment() {
            return 0;
        }
    }

    @WitInterface(value = "app:host/counters", resources = Counter.class)
    public static class Counters {
        public long total() {
            return 0;
        }
    }

    @Test
    void theStarterRegistersItsHintsThroughAotFactories() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
                .anyMatch(r -> r instanceof WippyRuntimeHints);
        assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
                .anyMatch(p -> p instanceof WippyBeanFactoryAotProcessor);
    }

    @Test
    void registryFilesAndServiceImplementationsAreIncluded() {
        RuntimeHints hints = new RuntimeHints();
        new WippyRuntimeHints().registerHints(hints, getClass().getClassLoader());
        for (String file : List.of(
                "wippy/_index.yaml",
                "wippy/math/_index.yaml",
                "wippy/math/add.wasm",
                "wippy/a.wat",
                "wippy/x/f.lua",
                "META-INF/wippy/registry.schema.json")) {
            assertThat(resource().forResource(file)).as(file).accepts(hints);
        }
        assertThat(resource().forResource("application.yaml"))
                .as("nothing beyond the registry folder")
                .rejects(hints);
        assertThat(resource().forResource("META-INF/services/ai.wippy.spi.EntryHandler"))
                .accepts(hints);
    }

    @Test
    void handlersAndServicesOfOtherJarsListedInServiceFilesGetTheirConstructors() throws Exception {
        // the built-ins are constructed by the runtime itself (ai.wippy.runtime.BuiltIns); a third-party
        // jar's service files name classes a native image can only create if it is told about them
        java.nio.file.Path jar = java.nio.file.Files.createTempDirectory("third-party");
        java.nio.file.Path services = jar.resolve("META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(
                services.resolve("ai.wippy.spi.EntryHandler"), "# a comment\ncom.example.QueueHandler\n");
        java.nio.file.Files.writeString(services.resolve("ai.wippy.lua.LuaModule"), "com.example.LuaTime\n");
        RuntimeHints hints = new RuntimeHints();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
                new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            new WippyRuntimeHints().registerHints(hints, loader);
        }
        for (String type : List.of("com.example.QueueHandler", "com.example.LuaTime")) {
            assertThat(reflection().onType(TypeReference.of(type))).as(type).accepts(hints);
        }
        assertThat(reflection().onType(TypeReference.of("ai.wippy.wasm.WasmFunctionHandler")))
                .as("a built-in is not looked up reflectively")
                .rejects(hints);
    }

    @Test
    void injectedProxiesAndHostBeansOfTheApplicationAreFoundAheadOfTime() throws Exception {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("usesProxies", new RootBeanDefinition(UsesProxies.class));
        beans.registerBeanDefinition("counters", new RootBeanDefinition(Counters.class));
        BeanFactoryInitializationAotContribution contribution =
                new WippyBeanFactoryAotProcessor().processAheadOfTime(beans);
        assertThat(contribution).isNotNull();
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "App")), new InMemoryGeneratedFiles());
        contribution.applyTo(generation, null);
        RuntimeHints hints = generation.getRuntimeHints();

        assertThat(proxies().forInterfaces(Users.class)).accepts(hints);
        assertThat(proxies().forInterfaces(Adder.class))
                .as("a constructor parameter")
                .accepts(hints);
        assertThat(proxies().forInterfaces(Unrelated.class))
                .as("not injected with @WippyFunction")
                .rejects(hints);
        assertThat(reflection().onMethodInvocation(Users.class, "transform")).accepts(hints);
        assertThat(reflection().onType(User.class))
                .as("a record inside Mono<List<...>>")
                .accepts(hints);
        assertThat(reflection().onMethodInvocation(User.class, "name")).accepts(hints);
        assertThat(reflection().onType(Level.class))
                .as("an enum inside CompletableFuture")
                .accepts(hints);
        assertThat(reflection().onMethodInvocation(Counters.class, "total")).accepts(hints);
        assertThat(reflection().onConstructorInvocation(Counter.class.getConstructor(long.class)))
                .accepts(hints);
        assertThat(reflection().onMethodInvocation(Counter.class, "increment")).accepts(hints);
    }

    @Test
    void anApplicationWithoutInjectionsContributesNothing() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("plain", new RootBeanDefinition(String.class));
        assertThat(new WippyBeanFactoryAotProcessor().processAheadOfTime(beans)).isNull();
    }
}
