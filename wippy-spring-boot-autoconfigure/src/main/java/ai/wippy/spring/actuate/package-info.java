/** The {@code wippy} actuator endpoint and the runtime's health indicator. */
package ai.wippy.spring.actuate;
