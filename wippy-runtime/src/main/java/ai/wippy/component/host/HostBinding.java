package ai.wippy.component.host;

import ai.wippy.registry.RegistryEntry;
import java.util.Set;

/**
 * What a host interface learns when it is bound to a component instance.
 *
 * @param entry the registry entry whose component is being instantiated ({@code wasi} settings,
 *     mounts... are read from it); {@code null} when a component is instantiated outside a registry
 * @param importName the import as the component spells it, with its version
 *     ({@code wasi:io/streams@0.2.3})
 * @param granted the entry's {@code imports} (capability groups and interface names)
 * @param state what the host interfaces of this component instance share (one object per instance,
 *     e.g. its WASI settings, streams and I/O budget); {@code null} only when a test binds a host
 *     interface outside any instance
 * @param resources the instance's handle table, to hand out and look up host resources
 */
public record HostBinding(
        RegistryEntry entry, String importName, Set<String> granted, InstanceState state, HostResources resources) {}
