package ai.wippy.spi;

/**
 * Marks an object that extends the runtime (a host interface, an import provider, a variable
 * storage...). In a Spring application every bean that implements it is handed to the runtime as a
 * service, found by handlers through {@link LoadContext#services(Class)}.
 */
public interface RuntimeExtension {}
