package ai.wippy.value;

/** A value of a WIT {@code variant}: the case name and its payload ({@code null} for a case without one). */
public record VariantValue(String caseName, Object payload) {}
