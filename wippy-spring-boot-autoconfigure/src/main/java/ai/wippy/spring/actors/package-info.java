/** Actors from Spring: the {@link ai.wippy.spring.actors.WippyProcesses} bean. */
package ai.wippy.spring.actors;
