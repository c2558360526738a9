/**
 * Lua functions on LuaJ: a sandbox built by absence, the funcs/ctx/json/logger/time modules, values both ways;
 * per-call isolation (a read-only shared string metatable) and per-call limits on time and memory enforced from
 * inside the interpreter ({@link ai.wippy.lua.LuaGuard}).
 */
package ai.wippy.lua;
