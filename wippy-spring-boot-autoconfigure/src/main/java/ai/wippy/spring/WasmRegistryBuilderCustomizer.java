package ai.wippy.spring;

import ai.wippy.runtime.WasmRegistryBuilder;

/**
 * Changes the {@link WasmRegistryBuilder} before the {@code WasmRegistry} bean is built: add an entry
 * handler, a host interface, a service or an observer that is not a bean, or replace a setting. Every
 * customizer bean is called in {@link org.springframework.core.annotation.Order order}; the starter's
 * own (entry handlers, extensions, host interfaces, identities and observers that are beans) have the
 * default order, so a customizer with a later order sees what they added.
 */
@FunctionalInterface
public interface WasmRegistryBuilderCustomizer {

    void customize(WasmRegistryBuilder builder);
}
