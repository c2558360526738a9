package ai.wippy.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.lua.LuaFunctionHandler;
import ai.wippy.wasm.WasmFunctionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The starter's hints, checked with Spring's {@link RuntimeHintsPredicates}: registered through
 * {@code aot.factories}, they cover the registry files of the default location, the schema, the
 * runtime's service files and every provider they list.
 */
class WippyRuntimeHintsTest {

    private static RuntimeHints hints() {
        RuntimeHints hints = new RuntimeHints();
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)
                .forEach(r -> r.registerHints(hints, WippyRuntimeHintsTest.class.getClassLoader()));
        return hints;
    }

    @Test
    void registryFilesAndWhatTheyReferenceAreResources() {
        RuntimeHints hints = hints();
        for (String file : new String[] {
            "wippy/_index.yaml",
            "wippy/app/_index.yaml",
            "wippy/app/math/add.wat",
            "wippy/app/bin/transform.wasm",
            "wippy/app/lua/users.lua",
            "META-INF/wippy/registry.schema.json"
        }) {
            assertThat(RuntimeHintsPredicates.resource().forResource(file))
                    .as(file)
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.resource().forResource("other/_index.yaml"))
                .rejects(hints);
    }

    @Test
    void everyServiceProviderOfTheRuntimeCanBeConstructed() {
        RuntimeHints hints = hints();
        int providers = 0;
        for (String service : WippyRuntimeHints.SERVICES) {
            String file = "META-INF/services/" + service;
            assertThat(RuntimeHintsPredicates.resource().forResource(file))
                    .as(file)
                    .accepts(hints);
            for (String provider : WippyRuntimeHints.providers(getClass().getClassLoader(), file)) {
                assertThat(RuntimeHintsPredicates.reflection()
                                .onType(org.springframework.aot.hint.TypeReference.of(provider))
                                .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                        .as(provider)
                        .accepts(hints);
                providers++;
            }
        }
        assertThat(providers).isGreaterThanOrEqualTo(9);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(WasmFunctionHandler.class)
                        .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(LuaFunctionHandler.class)
                        .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                .accepts(hints);
    }
}
