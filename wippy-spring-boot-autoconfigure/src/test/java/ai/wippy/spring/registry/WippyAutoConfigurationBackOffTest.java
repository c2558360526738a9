package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.spring.WasmRegistryBuilderCustomizer;
import ai.wippy.spring.WippyProperties;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** {@link WippyAutoConfiguration}: each default gives way to the application's own bean; customizers run in order; files are read once. */
class WippyAutoConfigurationBackOffTest {

    private static final String REGISTRY = "wippy.registry.locations=classpath*:wippy-identity/_index.yaml";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WippyAutoConfiguration.class))
            .withPropertyValues(REGISTRY, "wippy.security.allow-unscoped=true");

    @Test
    void theDefaultsAreThere() {
        runner.run(ctx -> assertThat(ctx)
                .hasNotFailed()
                .hasSingleBean(WasmRegistry.class)
                .hasSingleBean(RuntimeSettings.class)
                .hasSingleBean(RegistryDocumentScanner.class)
                .hasSingleBean(RegistryWatcher.class)
                .hasSingleBean(WippyProperties.class));
    }

    @Test
    void aUserRegistryReplacesTheDefault() {
        runner.withBean(
                        "mine",
                        WasmRegistry.class,
                        () -> WasmRegistry.builder().build(),
                        d -> d.setDestroyMethodName("close"))
                .run(ctx -> {
                    assertThat(ctx)
                            .hasSingleBean(WasmRegistry.class)
                            .hasBean("mine")
                            .doesNotHaveBean("wasmRegistry");
                    assertThat(ctx.getBean(WasmRegistry.class).functions()).isEmpty();
                });
    }

    @Test
    void userSettingsScannerAndWatcherReplaceTheDefaults() {
        RuntimeSettings settings = RuntimeSettings.defaults();
        runner.withBean(RuntimeSettings.class, () -> settings)
                .withBean(
                        RegistryDocumentScanner.class,
                        () -> new RegistryDocumentScanner(getClass().getClassLoader()))
                .withBean(RegistryWatcher.class, () -> new RegistryWatcher(null, List.of(), List::of))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(RuntimeSettings.class)).isSameAs(settings);
                    assertThat(ctx.getBean(WasmRegistry.class).settings()).isSameAs(settings);
                    assertThat(ctx)
                            .doesNotHaveBean("wippyRegistryDocumentScanner")
                            .doesNotHaveBean("wippyRegistryWatcher");
                });
    }

    /** Runs after the starter's customizers: it sees the builder they filled and may change it. */
    @Order(10)
    static final class Late implements WasmRegistryBuilderCustomizer {
        final AtomicReference<ai.wippy.runtime.WasmRegistryBuilder> seen = new AtomicReference<>();

        @Override
        public void customize(ai.wippy.runtime.WasmRegistryBuilder builder) {
            seen.set(builder);
            builder.document(ai.wippy.registry.RegistryDocument.read(
                    "extra.yaml",
                    new java.io.ByteArrayInputStream("""
                            version: "1.0"
                            namespace: extra
                            entries:
                              - { name: seven, kind: function.wat, method: f, wit: "f: func() -> s32;", source: '(module (func (export "f") (result i32) i32.const 7))' }
                            """.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    null,
                    ai.wippy.registry.RegistryOptions.defaults()));
        }
    }

    @Test
    void aUserCustomizerChangesTheBuilder() {
        runner.withBean(Late.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(Late.class).seen.get()).isNotNull();
            assertThat(ctx.getBean(WasmRegistry.class).call("extra:seven")).isEqualTo(7);
            assertThat(ctx.getBean(WasmRegistry.class).function("ident:hello")).isPresent();
        });
    }

    /** An application's own scanner is the one the runtime reads its files with (here: one that sees none). */
    @Test
    void aUserScannerReadsTheRuntimesFiles() {
        runner.withBean(
                        RegistryDocumentScanner.class,
                        () -> new RegistryDocumentScanner(new java.net.URLClassLoader(new java.net.URL[0], null)))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(WasmRegistry.class).functions()).isEmpty();
                });
        runner.run(ctx -> assertThat(ctx.getBean(WasmRegistry.class).function("ident:hello"))
                .isPresent());
    }

    @Test
    void theRegistryFilesAreReadAndParsedOnceForBeansAndRuntime() {
        runner.run(ctx -> {
            RegistryDocuments documents = ctx.getBean(RegistryDocuments.BEAN_NAME, RegistryDocuments.class);
            assertThat(documents.documents()).isNotEmpty();
            assertThat(ctx.getBean(WasmRegistry.class).registry().entries())
                    .allSatisfy(e -> assertThat(documents.documents()).contains(e.document()));
            // the entries the registrar parsed to name the beans are the runtime's: no second parse
            assertThat(ctx.getBean(WasmRegistry.class).registry()).isSameAs(documents.parsed());
        });
    }

    @Test
    void functionBeansAndTheCliExitAreBoundProperties() {
        runner.withPropertyValues("wippy.function-beans.enabled=false", "wippy.cli.exit=false")
                .run(ctx -> {
                    assertThat(ctx.getBean(WippyProperties.class)
                                    .functionBeans()
                                    .enabled())
                            .isFalse();
                    assertThat(ctx.getBean(WippyProperties.class).cli().exit()).isFalse();
                    assertThat(ctx).doesNotHaveBean("ident:hello");
                });
    }
}
