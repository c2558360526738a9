package ai.wippy.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All entries of all registry files, by ID. Duplicate IDs are refused. */
public final class Registry {

    private final Map<EntryId, RegistryEntry> entries;
    private final RegistryOptions options;

    private Registry(Map<EntryId, RegistryEntry> entries, RegistryOptions options) {
        this.entries = Collections.unmodifiableMap(entries);
        this.options = options;
    }

    public static Registry load(List<RegistryDocument> documents) {
        return load(documents, RegistryOptions.defaults());
    }

    public static Registry load(List<RegistryDocument> documents, RegistryOptions options) {
        RegistryParser parser = new RegistryParser(options);
        Map<EntryId, RegistryEntry> all = new LinkedHashMap<>();
        for (RegistryDocument doc : documents) {
            for (RegistryEntry entry : parser.parse(doc)) {
                RegistryEntry previous = all.putIfAbsent(entry.id(), entry);
                if (previous != null) {
                    throw new RegistryException(
                            entry.file(),
                            entry.id().toString(),
                            "name",
                            "duplicate ID: already declared in " + previous.file());
                }
            }
        }
        return new Registry(all, options);
    }

    public static Registry of(Collection<RegistryEntry> list) {
        Map<EntryId, RegistryEntry> all = new LinkedHashMap<>();
        list.forEach(e -> all.put(e.id(), e));
        return new Registry(all, RegistryOptions.defaults());
    }

    /** How the registry's files were read; entries read the files they refer to the same way. */
    public RegistryOptions options() {
        return options;
    }

    public Collection<RegistryEntry> entries() {
        return entries.values();
    }

    public Optional<RegistryEntry> find(EntryId id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Resolves a reference made by {@code from} in {@code field}, failing with a named error. */
    public RegistryEntry require(RegistryEntry from, String field, String reference) {
        EntryId id = from.reference(reference);
        RegistryEntry target = entries.get(id);
        if (target == null) {
            throw from.error(field, "refers to '" + id + "', which is not in the registry");
        }
        return target;
    }

    public int size() {
        return entries.size();
    }
}
