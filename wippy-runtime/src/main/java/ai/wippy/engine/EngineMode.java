package ai.wippy.engine;

/** How WebAssembly runs: compiled to JVM bytecode (the default) or interpreted. */
public enum EngineMode {
    COMPILER,
    INTERPRETER
}
