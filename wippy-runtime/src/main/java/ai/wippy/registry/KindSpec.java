package ai.wippy.registry;

/**
 * An entry kind as its handler declares it: what it is for and its fields (besides {@code name},
 * {@code kind} and {@code meta}, which every entry has). The JSON Schema of {@code _index.yaml} is
 * made of these.
 */
public record KindSpec(String kind, String description, FieldSet fields) {}
