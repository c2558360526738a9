package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.metrics.WippyMetricsAutoConfiguration;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

class WippyAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WippyMetricsAutoConfiguration.class, WippyAutoConfiguration.class))
            .withBean(EchoHandler.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    interface Adder {
        int add(int a, int b);
    }

    interface AsyncAdder {
        Mono<Integer> add(long a, long b);
    }

    interface FutureAdder {
        CompletableFuture<Long> add(int a, int b);
    }

    interface Narrow {
        int id(int x);
    }

    interface Mixer {
        double mix(long a, long b, double c, boolean d);
    }

    enum Color {
        RED,
        DARK_GREEN
    }

    enum Perm {
        READ,
        WRITE
    }

    record User(String firstName, long age, List<String> tags, Color color, Set<Perm> perms, Optional<String> nick) {}

    public static class UserBean {
        private String firstName;
        private int age;
        private List<String> tags;
        private String color;
        private Set<String> perms;

        public String getFirstName() {
            return firstName;
        }

        public void setFirstName(String firstName) {
            this.firstName = firstName;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }

        public String getColor() {
            return color;
        }

        public void setColor(String color) {
            this.color = color;
        }

        public Set<String> getPerms() {
            return perms;
        }

        public void setPerms(Set<String> perms) {
            this.perms = perms;
        }
    }

    interface Shapes {
        User shape(User u);
    }

    interface BeanShapes {
        UserBean shape(UserBean u);
    }

    interface MapShapes {
        Map<String, Object> shape(Map<String, Object> u);
    }

    static class Consumer {
        @WippyFunction("conv:add")
        Adder fieldAdder;

        final AsyncAdder asyncAdder;
        final FutureAdder futureAdder;

        Consumer(@WippyFunction("conv:add") AsyncAdder asyncAdder, @WippyFunction("conv:add") FutureAdder futureAdder) {
            this.asyncAdder = asyncAdder;
            this.futureAdder = futureAdder;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfig {
        @Bean
        Consumer consumer(@WippyFunction("conv:add") AsyncAdder a, @WippyFunction("conv:add") FutureAdder f) {
            return new Consumer(a, f);
        }
    }

    static class SetterInjected {
        Adder adder;

        @WippyFunction("conv:add")
        void setAdder(Adder adder) {
            this.adder = adder;
        }
    }

    @Test
    void settersCanBeInjectedToo() {
        runner.withBean(SetterInjected.class)
                .run(ctx -> assertThat(ctx.getBean(SetterInjected.class).adder.add(2, 2))
                        .isEqualTo(4));
    }

    static class Converters {
        @WippyFunction("conv:narrow")
        Narrow narrow;

        @WippyFunction("conv:wide")
        Mixer mixer;

        @WippyFunction("conv:shape")
        Shapes shapes;

        @WippyFunction("conv:shape")
        BeanShapes beans;

        @WippyFunction("conv:shape")
        MapShapes maps;
    }

    @Test
    void buildsTheRegistryFromTheClasspathAndInjectsProxies() {
        runner.withUserConfiguration(ConsumerConfig.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(WasmRegistry.class);
            Consumer c = ctx.getBean(Consumer.class);
            assertThat(c.fieldAdder.add(6, 7)).isEqualTo(13);
            assertThat(c.asyncAdder.add(20, 22).block()).isEqualTo(42);
            assertThat(c.futureAdder.add(1, 1).get()).isEqualTo(2L);
            assertThat(c.fieldAdder.toString()).contains("conv:add");
        });
    }

    @Test
    void eachFunctionEntryIsABeanNamedByItsId() {
        runner.run(ctx -> {
            WippyFunctionBean add = ctx.getBean("conv:add", WippyFunctionBean.class);
            assertThat(add.call(2, 3)).isEqualTo(5);
            assertThat(add.signature().describe()).isEqualTo("add: func(a: s32, b: s32) -> s32");
            assertThat(ctx.getBeansOfType(WippyFunctionBean.class))
                    .containsKeys("conv:add", "conv:narrow", "conv:wide");
        });
    }

    @Test
    void qualifiedFunctionBeansInject() {
        runner.withUserConfiguration(QualifierConfig.class).run(ctx -> {
            assertThat(ctx.getBean("sum", Integer.class)).isEqualTo(9);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifierConfig {
        @Bean
        Integer sum(@Qualifier("conv:add") WippyFunctionBean add) {
            return (Integer) add.call(4, 5);
        }
    }

    @Test
    void convertsArgumentsAndResultsWithRangeChecks() {
        runner.withBean(Converters.class).run(ctx -> {
            Converters c = ctx.getBean(Converters.class);
            assertThat(c.narrow.id(255)).isEqualTo(255);
            assertThatThrownBy(() -> c.narrow.id(300))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                    .hasMessageContaining("x: value 300 is out of range for u8 (0..255)");
            assertThatThrownBy(() -> c.narrow.id(-1)).hasMessageContaining("out of range for u8");
            assertThat(c.mixer.mix(4_000_000_000L, -5, 0.5, true)).isEqualTo(4_000_000_000d - 5 + 0.5 + 1);
            assertThatThrownBy(() -> c.mixer.mix(-1, 0, 0, false))
                    .hasMessageContaining("a: value -1 is out of range for u32");
        });
    }

    @Test
    void recordsPojosAndMapsMapToWitRecords() {
        runner.withBean(Converters.class).run(ctx -> {
            Converters c = ctx.getBean(Converters.class);
            User u = new User(
                    "Ada", 36, List.of("math", "code"), Color.DARK_GREEN, EnumSet.of(Perm.READ), Optional.empty());
            assertThat(c.shapes.shape(u)).isEqualTo(u);

            UserBean b = new UserBean();
            b.setFirstName("Alan");
            b.setAge(41);
            b.setTags(List.of("logic"));
            b.setColor("red");
            b.setPerms(Set.of("write"));
            UserBean back = c.beans.shape(b);
            assertThat(back.getFirstName()).isEqualTo("Alan");
            assertThat(back.getPerms()).containsExactly("write");

            Map<String, Object> m = c.maps.shape(
                    Map.of("first-name", "Grace", "age", 85, "tags", List.of(), "color", "red", "perms", List.of()));
            assertThat(m)
                    .containsEntry("first-name", "Grace")
                    .containsEntry("age", 85L)
                    .containsEntry("nick", null);
        });
    }

    @Test
    void badValuesAreRefusedWithThePathToTheBadPart() {
        runner.withBean(Converters.class).run(ctx -> {
            Converters c = ctx.getBean(Converters.class);
            assertThatThrownBy(() -> c.maps.shape(Map.of(
                            "first-name",
                            "Grace",
                            "age",
                            85,
                            "tags",
                            List.of("ok", 7),
                            "color",
                            "red",
                            "perms",
                            List.of())))
                    .hasMessageContaining("u.tags[1]: expected string, got number 7");
            assertThatThrownBy(() -> c.maps.shape(Map.of(
                            "first-name", "Grace", "age", 85, "tags", List.of(), "color", "blue", "perms", List.of())))
                    .hasMessageContaining("u.color: 'blue' is not a case of color");
            assertThatThrownBy(() ->
                            c.maps.shape(Map.of("age", 85, "tags", List.of(), "color", "red", "perms", List.of())))
                    .hasMessageContaining("u.first-name: missing field of type string");
        });
    }

    static class BadInjection {
        @WippyFunction("conv:nope")
        Adder adder;
    }

    static class WrongArity {
        interface Unary {
            int add(int a);
        }

        @WippyFunction("conv:add")
        Unary adder;
    }

    @Test
    void injectingAMissingFunctionFailsTheBootWithItsName() {
        runner.withBean(BadInjection.class)
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("no function 'conv:nope'")
                        .hasMessageContaining("conv:add"));
        runner.withBean(WrongArity.class)
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "takes 1 argument(s), but the function is add: func(a: s32, b: s32) -> s32"));
    }

    @Test
    void aBrokenRegistryStopsTheBootNamingFileEntryAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("_index.yaml"), """
                version: "1.0"
                namespace: broken
                entries:
                  - name: f
                    kind: function.wat
                    source: "(module)"
                """);
        runner.withPropertyValues("wippy.registry.directories=" + dir).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining(dir.resolve("_index.yaml").toString())
                    .hasMessageContaining("entry 'broken:f'")
                    .hasMessageContaining("field 'method'");
        });
    }

    @Test
    void directoryBaseResolvesRelativeFsDirectoriesAgainstTheProjectFolder(@TempDir Path project) throws Exception {
        // Wippy's layout: src/_index.yaml names ./data, which is a folder of the project, not of src/
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/answer.wat"), "(module)");
        Files.writeString(project.resolve("src/_index.yaml"), """
                version: "1.0"
                namespace: proj
                entries:
                  - { name: data, kind: fs.directory, directory: ./data }
                  - { name: service, kind: http.service, addr: ":8085" }
                """);
        runner.withPropertyValues(
                        "wippy.registry.directories=" + project.resolve("src"),
                        "wippy.registry.directory-base=" + project)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    WasmRegistry r = ctx.getBean(WasmRegistry.class);
                    var fs = r.resource(
                                    new ai.wippy.registry.EntryId("proj", "data"), ai.wippy.fs.VirtualFileSystem.class)
                            .orElseThrow();
                    assertThat(fs.exists("answer.wat")).isTrue();
                });
        // without it the folder is looked for next to the _index.yaml
        runner.withPropertyValues("wippy.registry.directories=" + project.resolve("src"))
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("field 'directory'")
                        .hasMessageContaining(project.resolve("src/data").toString()));
    }

    @Test
    void engineModeIsAProperty() {
        runner.withPropertyValues("wippy.engine.mode=interpreter").run(ctx -> {
            WasmRegistry r = ctx.getBean(WasmRegistry.class);
            assertThat(r.settings().engineMode()).isEqualTo(EngineMode.INTERPRETER);
            assertThat(r.call("conv:add", 1, 2)).isEqualTo(3);
        });
    }

    @Test
    void theRegistryBeanCanBeReplaced() {
        runner.withBean(
                        "myRegistry",
                        WasmRegistry.class,
                        () -> WasmRegistry.builder().build())
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(WasmRegistry.class);
                    assertThat(ctx.getBean(WasmRegistry.class).functions()).isEmpty();
                });
    }

    @Test
    void metersMoveAsCallsRun() {
        runner.run(ctx -> {
            WasmRegistry r = ctx.getBean(WasmRegistry.class);
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            // Boot's metrics auto-configuration binds MeterBinder beans; this slice binds it by hand.
            ctx.getBean(ai.wippy.spring.metrics.WippyPoolMetrics.class).bindTo(meters);
            r.call("conv:add", 1, 2);
            r.call("conv:add", 1, 2);
            assertThatThrownBy(() -> r.call("conv:narrow", 999));
            assertThat(TestMeters.timerCount(
                            meters, "wippy.function.calls", "function", "conv:add", "outcome", "success"))
                    .isEqualTo(2);
            assertThat(TestMeters.timerCount(
                            meters, "wippy.function.calls", "function", "conv:narrow", "outcome", "invalid"))
                    .isEqualTo(1);
            assertThat(TestMeters.gauge(meters, "wippy.pool.instances", "function", "conv:add", "state", "idle"))
                    .isEqualTo(1.0);
            assertThat(TestMeters.gauge(meters, "wippy.pool.instances", "function", "conv:add", "state", "busy"))
                    .isZero();
            assertThat(TestMeters.gauge(meters, "wippy.pool.max", "function", "conv:add"))
                    .isEqualTo(100.0);
            assertThat(TestMeters.functionCount(meters, "wippy.pool.rejected", "function", "conv:add"))
                    .isZero();
            assertThat(TestMeters.timerCount(meters, "wippy.module.compile")).isGreaterThanOrEqualTo(3);
            assertThat(TestMeters.gauge(meters, "wippy.memory.guest"))
                    .as("the idle instance of conv:add holds its memory")
                    .isEqualTo((double) r.memoryBudget().usedBytes());
            assertThat(TestMeters.gauge(meters, "wippy.memory.guest.limit"))
                    .isEqualTo((double) ai.wippy.spi.MemorySettings.defaultTotalMemoryBytes());
            assertThat(TestMeters.functionCount(meters, "wippy.memory.guest.refused"))
                    .isZero();
        });
    }
}
