package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.JavaFunction;
import ai.wippy.spi.LoadContext;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/** funcs.new() executors (actor, context, scope, timeout) and modules added through the LuaModule SPI. */
class LuaExecutorTest {

    /** test.whoami answers "actor|tenant|depth" of the context it runs in. */
    static final class WhoAmI implements EntryHandler {
        @Override
        public Set<String> kinds() {
            return Set.of("test.whoami");
        }

        @Override
        public void load(RegistryEntry entry, LoadContext context) {
            context.addFunction(new JavaFunction(entry, null, PoolConfig.defaults(), (ctx, args) -> {
                CallContext c = CallContext.current();
                return (c.actor() == null ? "none" : c.actor().id()) + "|" + c.value("tenant") + "|" + c.hasDeadline();
            }));
        }
    }

    /** A module from the application: require("greeting").hello() */
    static final class GreetingModule implements LuaModule {
        @Override
        public String name() {
            return "greeting";
        }

        @Override
        public LuaValue create(Supplier<ai.wippy.spi.RunningRegistry> runtime, String entryId) {
            LuaTable t = new LuaTable();
            t.set("hello", LuaValue.valueOf("hello from " + entryId));
            return t;
        }
    }

    static final String YAML = """
            version: "1.0"
            namespace: ex
            entries:
              - name: whoami
                kind: test.whoami
              - name: everyone
                kind: security.policy
                groups: [all]
                policy: { actions: "*", resources: "*", effect: allow }
              - name: run
                kind: function.lua
                method: run
                modules: [funcs, greeting]
                source: |
                  local funcs = require("funcs")
                  return { run = function()
                    local plain = funcs.call("ex:whoami")
                    local exec = funcs.new():with_actor({ id = "ada", meta = { role = "admin" } })
                                            :with_context({ tenant = "acme" })
                                            :with_options({ timeout = 5000 })
                    local as_ada = exec:call("ex:whoami")
                    local scoped = funcs.new():with_actor("bob"):with_scope({ "all" }):call("ex:whoami")
                    local fut = exec:async("ex:whoami")
                    return { plain = plain, ada = as_ada, bob = scoped, later = fut:result(),
                             done = fut:is_complete(), greeting = require("greeting").hello }
                  end }
            """;

    @Test
    void executorsOverrideIdentityContextScopeAndDeadline() {
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc(YAML))
                .handler(new WhoAmI())
                .service(LuaModule.class, new GreetingModule())
                .build()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out =
                    (Map<String, Object>) r.caller().withActor(Actor.of("root")).call("ex:run");
            assertThat(out).containsEntry("plain", "root|null|false");
            assertThat(out).containsEntry("ada", "ada|acme|true");
            assertThat(out).containsEntry("bob", "bob|null|false");
            assertThat(out).containsEntry("later", "ada|acme|true").containsEntry("done", true);
            assertThat(out).containsEntry("greeting", "hello from ex:run");
        }
    }

    @Test
    void unknownModulesAreNamed() {
        String yaml = "version: \"1.0\"\nnamespace: m\nentries:\n  - name: f\n    kind: function.lua\n    method: f\n"
                + "    modules: [sockets]\n    source: 'return { f = function() end }'\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .hasMessageContaining("modules[0]")
                .hasMessageContaining("'sockets' is not a module");
    }
}
