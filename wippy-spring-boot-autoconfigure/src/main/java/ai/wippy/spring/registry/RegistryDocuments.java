package ai.wippy.spring.registry;

import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryDocument;
import java.util.List;

/**
 * The registry files as the application read them at start-up, once: the function bean registrar
 * reads them to name the function beans, and the {@code WasmRegistry} bean is built from the same
 * documents instead of scanning again, and from the entries the registrar parsed (when they are
 * its only documents) instead of parsing them again.
 *
 * @param documents the registry files
 * @param parsed their entries, or null when not parsed yet
 */
public record RegistryDocuments(List<RegistryDocument> documents, Registry parsed) {

    /** The bean name under which the registrar leaves them. */
    public static final String BEAN_NAME = "wippyRegistryDocuments";

    public RegistryDocuments {
        documents = List.copyOf(documents);
    }

    /** Files not parsed yet. */
    public RegistryDocuments(List<RegistryDocument> documents) {
        this(documents, null);
    }
}
