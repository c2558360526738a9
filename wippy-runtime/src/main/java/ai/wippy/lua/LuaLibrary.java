package ai.wippy.lua;

/**
 * A loaded {@code library.lua} entry: its compiled source and what its own code may {@code require}.
 * Each call that requires it runs the chunk once, under that call's limits, and gets its value.
 */
record LuaLibrary(String id, LuaCompiled code, String chunkName, LuaScope scope) {}
