/** Lua functions on LuaJ: a sandbox built by absence, the funcs/ctx/json/logger/time modules, values both ways. */
package ai.wippy.lua;
