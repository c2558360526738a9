package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.Actor;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LuaSecurityModuleTest {

    static final String YAML = """
            version: "1.0"
            namespace: s
            entries:
              - name: users-pub
                kind: security.policy
                groups: [users]
                policy: { actions: funcs.call, resources: ["s:public", "s:inspect"], effect: allow }
              - name: admins-all
                kind: security.policy
                groups: [admins]
                policy: { actions: "*", resources: "*", effect: allow }
              - name: public
                kind: function.wat
                method: f
                source: '(module (func (export "f") (result i32) i32.const 1))'
              - name: secret
                kind: function.wat
                method: f
                source: '(module (func (export "f") (result i32) i32.const 2))'
              - name: inspect
                kind: function.lua
                method: run
                modules: [security, funcs]
                source: |
                  local security = require("security")
                  local funcs = require("funcs")
                  return { run = function()
                    local me = security.actor()
                    local admins = security.named_scope("admins")
                    local p = security.policy("s:users-pub")
                    local both = admins:with(p)
                    local value, err = funcs.new():with_actor(security.new_actor("ada", { level = 1 }))
                                                  :with_scope(admins):call("s:secret")
                    return {
                      me = me.id,
                      can_public = security.can("funcs.call", "s:public"),
                      can_secret = security.can("funcs.call", "s:secret"),
                      has = both:contains(p),
                      dropped = both:without(p):contains(p),
                      eval = admins:evaluate(me, "funcs.call", "s:secret", {}),
                      escalated = value,
                      escalation_error = err and err:kind() or "none",
                    }
                  end }
            """;

    @Test
    void theModuleSeesTheCallersIdentityAndCannotEscalateIt() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            var bob =
                    r.caller().withActor(Actor.of("bob")).withScope(r.policies().scopeForGroups(List.of("users")));
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) bob.call("s:inspect");
            assertThat(out)
                    .containsEntry("me", "bob")
                    .containsEntry("can_public", true)
                    .containsEntry("can_secret", false)
                    .containsEntry("has", true)
                    .containsEntry("dropped", false)
                    .containsEntry("eval", "allow")
                    .containsEntry("escalation_error", "PERMISSION_DENIED");

            var admin = r.caller()
                    .withActor(Actor.of("root"))
                    .withScope(r.policies().scopeForGroups(List.of("admins")));
            @SuppressWarnings("unchecked")
            Map<String, Object> asAdmin = (Map<String, Object>) admin.call("s:inspect");
            assertThat(asAdmin).containsEntry("escalated", 2).containsEntry("escalation_error", "none");
        }
    }
}
