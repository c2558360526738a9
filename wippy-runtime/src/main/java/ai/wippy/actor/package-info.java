/**
 * Actors: PIDs that name their node, bounded mailboxes, messages with a sender the runtime sets,
 * monitors and links with EXIT, LINK_DOWN and CANCEL events, and the message transport SPI. Spring-free
 * and independent of how a process body runs (WASM, Lua, Java): see {@link ai.wippy.actor.ActorSystem}.
 */
package ai.wippy.actor;
