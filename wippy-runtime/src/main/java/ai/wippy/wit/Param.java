package ai.wippy.wit;

/** A named parameter of a WIT function. */
public record Param(String name, WitType type) {}
