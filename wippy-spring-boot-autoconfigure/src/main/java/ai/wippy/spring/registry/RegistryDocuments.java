package ai.wippy.spring.registry;

import ai.wippy.registry.RegistryDocument;
import java.util.List;

/**
 * The registry files as the application read them at start-up, once: the function bean registrar
 * reads them to name the function beans, and the {@code WasmRegistry} bean is built from the same
 * documents instead of scanning again.
 */
public record RegistryDocuments(List<RegistryDocument> documents) {

    /** The bean name under which the registrar leaves them. */
    public static final String BEAN_NAME = "wippyRegistryDocuments";

    public RegistryDocuments {
        documents = List.copyOf(documents);
    }
}
