package ai.wippy.env;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Loads storage entries: {@code env.storage.os}, {@code env.storage.static} ({@code values:} map),
 * and {@code env.storage.spring} (or any kind an application storage service declares, when listed
 * here), which must be provided as a service.
 */
public final class VariableStorageHandler extends AbstractEntryHandler {

    public static final String SPRING_KIND = "env.storage.spring";

    public VariableStorageHandler() {
        super(
                RESOURCES,
                new ai.wippy.registry.KindSpec(
                        OsVariableStorage.KIND,
                        "variables from the process environment",
                        ai.wippy.registry.FieldSet.open()),
                new ai.wippy.registry.KindSpec(
                        StaticVariableStorage.KIND,
                        "variables written in the entry",
                        ai.wippy.registry.FieldSet.open(
                                ai.wippy.registry.FieldSet.Field.mapping("values", null, "name: value pairs"))),
                new ai.wippy.registry.KindSpec(
                        SPRING_KIND, "variables from the Spring Environment", ai.wippy.registry.FieldSet.open()));
    }

    @Override
    public Set<String> kinds() {
        return Set.of(OsVariableStorage.KIND, StaticVariableStorage.KIND, SPRING_KIND);
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        VariableStorage storage = switch (entry.kind()) {
            case OsVariableStorage.KIND -> new OsVariableStorage();
            case StaticVariableStorage.KIND -> new StaticVariableStorage(values(entry));
            default ->
                service(entry.kind(), context)
                        .orElseThrow(
                                () -> entry.error(
                                        "kind",
                                        "no variable storage of kind " + entry.kind()
                                                + " is provided by the application (outside Spring, add a VariableStorage service to the builder)"));
        };
        context.putResource(entry.id(), storage);
    }

    static java.util.Optional<VariableStorage> service(String kind, LoadContext context) {
        return context.services(VariableStorage.class).stream()
                .filter(s -> s.kind().equals(kind))
                .findFirst();
    }

    private static Map<String, String> values(RegistryEntry entry) {
        Map<String, String> out = new LinkedHashMap<>();
        entry.map("values").forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof java.util.List) {
                throw entry.error("values." + k, "expected a scalar value, got " + RegistryEntry.describe(v));
            }
            out.put(k, String.valueOf(v));
        });
        return out;
    }
}
