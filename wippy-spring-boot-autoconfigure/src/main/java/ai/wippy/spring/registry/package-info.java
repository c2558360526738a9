/** Finding registry files on the classpath and the file system, and registering function beans. */
package ai.wippy.spring.registry;
