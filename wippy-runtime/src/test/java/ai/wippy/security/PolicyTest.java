package ai.wippy.security;

import static ai.wippy.runtime.TestRegistries.constantFunction;
import static ai.wippy.runtime.TestRegistries.failsWith;
import static ai.wippy.runtime.TestRegistries.noInterns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.Decision;
import ai.wippy.call.ErrorKind;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.JavaFunction;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

    static final String YAML = """
            version: "1.0"
            namespace: sec
            entries:
              - name: admins-all
                kind: security.policy
                groups: [admins]
                policy: { actions: "funcs.*", resources: "sec:*", effect: allow }
              - name: users-public
                kind: security.policy
                groups: [users]
                policy:
                  actions: funcs.call
                  resources: ["sec:public*", "sec:relay"]
                  effect: allow
            """ + noInterns("users, admins") + """
              - name: secret-by-meta
                kind: security.policy
                groups: [auditors]
                policy:
                  actions: funcs.call
                  resources: "*"
                  effect: allow
                  conditions:
                    - { field: meta.classification, operator: nin, value: [secret] }
            """ + constantFunction("public", 1)
            + constantFunction("secret", 2, "meta: { classification: secret }") + """
              - name: relay
                kind: test.relay
              - name: whoami
                kind: test.whoami
            """;

    /** test.relay calls sec:secret; test.whoami records the actor it sees. */
    static final class Kinds implements EntryHandler {
        final List<String> seen = new ArrayList<>();

        @Override
        public Set<String> kinds() {
            return Set.of("test.relay", "test.whoami");
        }

        @Override
        public void load(RegistryEntry entry, LoadContext context) {
            FunctionSignature sig = new FunctionSignature("f", List.of(), WitType.Primitive.S32);
            if (entry.kind().equals("test.relay")) {
                context.addFunction(new JavaFunction(
                        entry,
                        sig,
                        PoolConfig.defaults(),
                        (ctx, args) -> context.runtime().invoke(CallContext.current(), "sec:secret", List.of())));
            } else {
                context.addFunction(new JavaFunction(entry, sig, PoolConfig.defaults(), (ctx, args) -> {
                    seen.add(
                            CallContext.current().actor() == null
                                    ? "none"
                                    : CallContext.current().actor().id());
                    return CallContext.current().depth();
                }));
            }
        }
    }

    private WasmRegistry runtime(boolean strict, Kinds kinds) {
        return WasmRegistry.builder()
                .document(TestRegistries.doc(YAML))
                .handler(kinds)
                .settings(new RuntimeSettings(ai.wippy.engine.EngineMode.COMPILER, strict, Map.of()))
                .build();
    }

    @Test
    void twoUsersGetWhatThePoliciesSay() {
        try (WasmRegistry r = runtime(false, new Kinds())) {
            var admin =
                    r.caller().withActor(Actor.of("ada")).withScope(r.policies().scopeForGroups(List.of("admins")));
            var user =
                    r.caller().withActor(Actor.of("bob")).withScope(r.policies().scopeForGroups(List.of("users")));
            assertThat(admin.call("sec:secret")).isEqualTo(2);
            assertThat(user.call("sec:public")).isEqualTo(1);
            failsWith(ErrorKind.PERMISSION_DENIED, () -> user.call("sec:secret"))
                    .hasMessageContaining("actor 'bob' may not funcs.call sec:secret: no policy allows it");
        }
    }

    @Test
    void aNestedCallIsCheckedWithTheCallersIdentity() {
        try (WasmRegistry r = runtime(false, new Kinds())) {
            var user =
                    r.caller().withActor(Actor.of("bob")).withScope(r.policies().scopeForGroups(List.of("users")));
            failsWith(ErrorKind.PERMISSION_DENIED, () -> user.call("sec:relay")).hasMessageContaining("sec:secret");
            var admin =
                    r.caller().withActor(Actor.of("ada")).withScope(r.policies().scopeForGroups(List.of("admins")));
            assertThat(admin.call("sec:relay")).isEqualTo(2);
        }
    }

    @Test
    void denyWinsAndConditionsReadActorMeta() {
        try (WasmRegistry r = runtime(false, new Kinds())) {
            var intern = r.caller()
                    .withActor(new Actor("ivy", Map.of("level", "intern")))
                    .withScope(r.policies().scopeForGroups(List.of("admins")));
            assertThatThrownBy(() -> intern.call("sec:public")).hasMessageContaining("denied by policy");
        }
    }

    @Test
    void conditionsReadTheTargetsMeta() {
        try (WasmRegistry r = runtime(false, new Kinds())) {
            var auditor =
                    r.caller().withActor(Actor.of("eve")).withScope(r.policies().scopeForGroups(List.of("auditors")));
            assertThat(auditor.call("sec:public")).isEqualTo(1);
            assertThatThrownBy(() -> auditor.call("sec:secret")).hasMessageContaining("PERMISSION_DENIED");
        }
    }

    @Test
    void strictModeDeniesAnonymousCallsAndLaxModeAllowsThem() {
        try (WasmRegistry lax = runtime(false, new Kinds())) {
            assertThat(lax.call("sec:public")).isEqualTo(1);
        }
        try (WasmRegistry strict = runtime(true, new Kinds())) {
            assertThatThrownBy(() -> strict.call("sec:public"))
                    .hasMessageContaining(
                            "anonymous caller may not funcs.call sec:public: strict mode requires an actor and a scope");
        }
    }

    @Test
    void onceAPolicyIsLoadedACallWithoutAnIdentityIsDeniedWhereIdentitiesExist() {
        try (WasmRegistry guarded = WasmRegistry.builder()
                .document(TestRegistries.doc(YAML))
                .handler(new Kinds())
                .settings(new RuntimeSettings(ai.wippy.engine.EngineMode.COMPILER, false, Map.of(), true))
                .build()) {
            assertThat(guarded.accessGuard().deniesUnscoped()).isTrue();
            failsWith(ErrorKind.PERMISSION_DENIED, () -> guarded.call("sec:public"))
                    .hasMessageContaining(
                            "anonymous caller may not funcs.call sec:public: security policies are in"
                                    + " force and the call has no actor (a call made outside any request needs a system actor)");
            // an actor without a scope is no better
            assertThatThrownBy(() -> guarded.caller().withActor(Actor.of("bob")).call("sec:public"))
                    .hasMessageContaining("actor 'bob' may not funcs.call sec:public: security policies are in force"
                            + " and the call has no scope");
            // trusted code outside any request may still give a call a full identity, which is then checked
            var bob = guarded.caller()
                    .withActor(Actor.of("bob"))
                    .withScope(guarded.policies().scopeForGroups(List.of("users")));
            assertThat(bob.call("sec:public")).isEqualTo(1);
            assertThatThrownBy(() -> bob.call("sec:secret")).hasMessageContaining("no policy allows it");
        }
        // without any policy the setting changes nothing
        try (WasmRegistry none = WasmRegistry.builder()
                .document(TestRegistries.doc("""
                                version: "1.0"
                                namespace: sec
                                entries:
                                """ + constantFunction("public", 1)))
                .settings(new RuntimeSettings(ai.wippy.engine.EngineMode.COMPILER, false, Map.of(), true))
                .build()) {
            assertThat(none.accessGuard().deniesUnscoped()).isFalse();
            assertThat(none.call("sec:public")).isEqualTo(1);
        }
    }

    @Test
    void theActorIsInheritedAtEveryDepth() {
        Kinds kinds = new Kinds();
        try (WasmRegistry r = runtime(false, kinds)) {
            var admin =
                    r.caller().withActor(Actor.of("ada")).withScope(r.policies().scopeForGroups(List.of("admins")));
            assertThat(admin.call("sec:whoami")).isEqualTo(1);
            assertThat(kinds.seen).containsExactly("ada");
        }
    }

    @Test
    void overridingTheIdentityOrAddingContextIsItselfChecked() {
        try (WasmRegistry r = runtime(false, new Kinds())) {
            var bob = r.policies().scopeForGroups(List.of("users"));
            var admin = r.policies().scopeForGroups(List.of("admins"));
            ai.wippy.call.CallContext asBob =
                    ai.wippy.call.CallContext.empty().withActor(Actor.of("bob")).withScope(bob);
            ai.wippy.call.CallContext asAda =
                    ai.wippy.call.CallContext.empty().withActor(Actor.of("ada")).withScope(admin);
            // bob may call sec:public, but not pose as someone else to do it, nor add context
            assertThat(r.caller().withBaseContext(asBob).call("sec:public")).isEqualTo(1);
            assertThatThrownBy(() -> r.caller()
                            .withBaseContext(asBob)
                            .withActor(Actor.of("ada"))
                            .withScope(admin)
                            .call("sec:public"))
                    .hasMessageContaining("may not funcs.security sec:public");
            assertThatThrownBy(() -> r.caller()
                            .withBaseContext(asBob)
                            .withContext(Map.of("tenant", "x"))
                            .call("sec:public"))
                    .hasMessageContaining("may not funcs.context sec:public");
            // the admin's policy allows funcs.* on sec:*
            assertThat(r.caller()
                            .withBaseContext(asAda)
                            .withContext(Map.of("tenant", "x"))
                            .call("sec:public"))
                    .isEqualTo(1);
        }
    }

    @Test
    void scopesAreImmutableSets() {
        try (WasmRegistry r = runtime(false, new Kinds())) {
            Policy admins = r.policies().policy("sec:admins-all").orElseThrow();
            PolicyScope scope = PolicyScope.empty().with(admins);
            assertThat(scope.contains(admins)).isTrue();
            assertThat(scope.without(admins).contains(admins)).isFalse();
            assertThat(scope.evaluate(Actor.of("x"), "funcs.call", "sec:any", Map.of()))
                    .isEqualTo(Decision.ALLOW);
            assertThat(PolicyScope.empty().evaluate(Actor.of("x"), "funcs.call", "sec:any", Map.of()))
                    .isEqualTo(Decision.UNDEFINED);
        }
    }

    @Test
    void everyOperator() {
        Actor a = new Actor(
                "ada", Map.of("age", 36, "roles", List.of("admin", "dev"), "name", "Ada Lovelace", "boss", "ada"));
        record Case(String field, String op, Object value, String from, boolean expected) {}
        List<Case> cases = List.of(
                new Case("actor.id", "eq", "ada", null, true),
                new Case("actor.id", "ne", "bob", null, true),
                new Case("actor.meta.age", "lt", 40, null, true),
                new Case("actor.meta.age", "gt", 40, null, false),
                new Case("actor.meta.age", "lte", 36, null, true),
                new Case("actor.meta.age", "gte", 37, null, false),
                new Case("actor.id", "in", List.of("ada", "bob"), null, true),
                new Case("actor.id", "nin", List.of("ada"), null, false),
                new Case("actor.meta.roles", "exists", null, null, true),
                new Case("actor.meta.missing", "nexists", null, null, true),
                new Case("actor.meta.roles", "contains", "dev", null, true),
                new Case("actor.meta.roles", "ncontains", "ops", null, true),
                new Case("actor.meta.name", "matches", "Ada .*", null, true),
                new Case("actor.meta.name", "nmatches", "Bob.*", null, true),
                new Case("actor.id", "eq", null, "actor.meta.boss", true),
                new Case("action", "eq", "funcs.call", null, true),
                new Case("resource", "matches", "app:.*", null, true),
                new Case("actor.meta.name", "lt", 3, null, false));
        for (Case c : cases) {
            Condition cond = new Condition(c.field(), Condition.Operator.parse(c.op()), c.value(), c.from());
            assertThat(cond.test(a, "funcs.call", "app:x", Map.of()))
                    .as(cond.toString())
                    .isEqualTo(c.expected());
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{ actions: x, resources: y, effect: maybe } | policy.effect",
                "{ actions: x, resources: y, effect: allow, conditions: [ {field: actor.id, operator: eq, value: a},"
                        + " {field: actor.id, operator: like, value: b} ] } | policy.conditions[1].operator",
                "{ actions: x, resources: y, effect: allow, conditions: [ {field: user, operator: eq, value: a} ] }"
                        + " | policy.conditions[0].field"
            })
    void badPoliciesStopTheBootNamingTheField(String policy, String field) {
        String yaml = "version: \"1.0\"\nnamespace: p\nentries:\n  - name: bad\n    kind: security.policy\n"
                + "    policy: " + policy + "\n";
        assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
