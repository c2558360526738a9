package ai.wippy.env;

import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;

/**
 * Loads {@code env.variable} entries. {@code storage} is a storage entry, or a built-in: {@code os}
 * (the default), or the kind of an application storage such as {@code env.storage.spring}.
 */
public final class EnvVariableHandler extends AbstractEntryHandler {

    static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.closed(
            ai.wippy.registry.FieldSet.Field.string("variable", "the variable's name in its storage")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.string("storage", "the env.storage.* entry it is read from"),
            ai.wippy.registry.FieldSet.Field.of(
                    "default", ai.wippy.registry.FieldSet.Type.SCALAR, "the value when the storage has none"));

    public EnvVariableHandler() {
        // after the storage entries, which are resources too
        super(RESOURCES + 1, new ai.wippy.registry.KindSpec("env.variable", "a variable read from a storage", SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        SPEC.checkEntry(entry);
        String variable = entry.requiredString("variable");
        String reference = entry.string("storage");
        VariableStorage storage = storage(entry, reference, context);
        Object dflt = entry.raw("default");
        context.putResource(
                entry.id(), new EnvVariable(entry.id(), variable, storage, dflt == null ? null : String.valueOf(dflt)));
    }

    private static VariableStorage storage(RegistryEntry entry, String reference, LoadContext context) {
        if (reference == null || reference.equals("os")) {
            return new OsVariableStorage();
        }
        EntryId target = entry.reference(reference);
        if (context.registry().find(target).isPresent()) {
            return context.resource(entry, "storage", reference, VariableStorage.class);
        }
        return VariableStorageHandler.service(reference, context)
                .orElseThrow(() -> entry.error(
                        "storage",
                        "'" + reference + "' is neither a storage entry nor a built-in storage (os"
                                + context.services(VariableStorage.class).stream()
                                        .map(s -> ", " + s.kind())
                                        .reduce("", String::concat)
                                + ")"));
    }
}
