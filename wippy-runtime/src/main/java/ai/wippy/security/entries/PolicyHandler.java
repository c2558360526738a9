package ai.wippy.security.entries;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.security.Condition;
import ai.wippy.security.Policy;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads {@code security.policy} entries: {@code policy: {actions, resources, effect, conditions}} and
 * {@code groups}. Every problem names its field, e.g. {@code policy.conditions[1].operator}.
 */
public final class PolicyHandler extends AbstractEntryHandler {

    /** The kind of policy entries. */
    public static final String KIND = Policy.KIND;

    /** The fields the handler reads (not a closed set: other fields are not refused). */
    private static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.open(
            ai.wippy.registry.FieldSet.Field.of(
                    "groups", ai.wippy.registry.FieldSet.Type.STRINGS, "the groups whose scopes hold the policy"),
            ai.wippy.registry.FieldSet.Field.mapping(
                            "policy",
                            ai.wippy.registry.FieldSet.open(
                                    ai.wippy.registry.FieldSet.Field.of(
                                            "actions",
                                            ai.wippy.registry.FieldSet.Type.STRINGS,
                                            "actions such as funcs.call, with * wildcards"),
                                    ai.wippy.registry.FieldSet.Field.of(
                                            "resources",
                                            ai.wippy.registry.FieldSet.Type.STRINGS,
                                            "entry IDs, with * wildcards"),
                                    ai.wippy.registry.FieldSet.Field.string("effect", "allow or deny")
                                            .asRequired()
                                            .oneOf("allow", "deny"),
                                    ai.wippy.registry.FieldSet.Field.list(
                                            "conditions",
                                            ai.wippy.registry.FieldSet.Type.MAPPING,
                                            "conditions on the actor, the action or the resource")),
                            "what it allows or denies")
                    .asRequired());

    public PolicyHandler() {
        super(RESOURCES, new ai.wippy.registry.KindSpec(KIND, "a security policy", SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        Map<String, Object> policy = entry.map("policy");
        if (policy.isEmpty()) {
            throw entry.error("policy", "required field is missing");
        }
        List<String> actions = strings(entry, "policy.actions", policy.get("actions"));
        List<String> resources = strings(entry, "policy.resources", policy.get("resources"));
        Object effectValue = policy.get("effect");
        Policy.Effect effect;
        if (effectValue == null) {
            throw entry.error("policy.effect", "required field is missing (allow or deny)");
        }
        try {
            effect = Policy.Effect.valueOf(String.valueOf(effectValue).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw entry.error("policy.effect", "'" + effectValue + "' is not allow or deny");
        }
        List<Condition> conditions = new ArrayList<>();
        Object rawConditions = policy.get("conditions");
        if (rawConditions != null && !(rawConditions instanceof List)) {
            throw entry.error("policy.conditions", "expected a list of conditions");
        }
        List<?> list = rawConditions == null ? List.of() : (List<?>) rawConditions;
        for (int i = 0; i < list.size(); i++) {
            conditions.add(condition(entry, "policy.conditions[" + i + "]", list.get(i)));
        }
        List<String> groups = strings(entry, "groups", entry.raw("groups") == null ? List.of() : entry.raw("groups"));
        context.putResource(
                entry.id(), new Policy(entry.id().toString(), actions, resources, effect, conditions, groups));
    }

    private static Condition condition(RegistryEntry entry, String where, Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw entry.error(where, "expected a mapping with field, operator and value or value_from");
        }
        Object field = m.get("field");
        if (!(field instanceof String f) || !validField(f)) {
            throw entry.error(
                    where + ".field", "'" + field + "' is not a condition field; use one of " + Condition.fieldRoots());
        }
        Object op = m.get("operator");
        Condition.Operator operator;
        try {
            operator = Condition.Operator.parse(String.valueOf(op));
        } catch (IllegalArgumentException e) {
            throw entry.error(
                    where + ".operator",
                    "'" + op
                            + "' is not an operator; use one of eq ne lt gt lte gte in nin exists nexists contains ncontains matches nmatches");
        }
        Object valueFrom = m.get("value_from");
        if (valueFrom != null && !validField(String.valueOf(valueFrom))) {
            throw entry.error(where + ".value_from", "'" + valueFrom + "' is not a condition field");
        }
        boolean needsValue = operator != Condition.Operator.EXISTS && operator != Condition.Operator.NEXISTS;
        if (needsValue && !m.containsKey("value") && valueFrom == null) {
            throw entry.error(where + ".value", "operator " + String.valueOf(op) + " needs a value or value_from");
        }
        if ((operator == Condition.Operator.IN || operator == Condition.Operator.NIN)
                && valueFrom == null
                && !(m.get("value") instanceof List)) {
            throw entry.error(where + ".value", "operator " + op + " needs a list");
        }
        if ((operator == Condition.Operator.MATCHES || operator == Condition.Operator.NMATCHES) && valueFrom == null) {
            try {
                java.util.regex.Pattern.compile(String.valueOf(m.get("value")));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw entry.error(where + ".value", "not a regular expression: " + e.getDescription());
            }
        }
        return new Condition(f, operator, m.get("value"), valueFrom == null ? null : String.valueOf(valueFrom));
    }

    private static boolean validField(String f) {
        return f.equals("actor.id")
                || f.equals("action")
                || f.equals("resource")
                || (f.startsWith("actor.meta.") && f.length() > 11)
                || (f.startsWith("meta.") && f.length() > 5);
    }

    private static List<String> strings(RegistryEntry entry, String field, Object raw) {
        if (raw == null) {
            throw entry.error(field, "required field is missing");
        }
        if (raw instanceof String s) {
            return List.of(s);
        }
        if (raw instanceof List<?> l && !l.isEmpty() || raw instanceof List<?> empty && field.equals("groups")) {
            return ((List<?>) raw).stream().map(String::valueOf).toList();
        }
        throw entry.error(field, "expected a string or a list of strings");
    }
}
