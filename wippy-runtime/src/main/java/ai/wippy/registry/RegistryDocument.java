package ai.wippy.registry;

/** One {@code _index.yaml}: where it came from, its text, and the base its relative paths resolve against. */
public record RegistryDocument(String location, String content, ResourceBase base) {}
