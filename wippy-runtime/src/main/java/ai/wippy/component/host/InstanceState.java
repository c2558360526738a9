package ai.wippy.component.host;

/**
 * The state the host interfaces bound to one component instance share, created once per instance
 * where the instance is made ({@link ai.wippy.component.InstancePre}) and handed to every
 * {@link HostInterface#bind} through {@link HostBinding#state()}. The built-in implementation is
 * {@code ai.wippy.wasi.p2.WasiState} (the instance's WASI settings and streams, its I/O budget, the
 * names its guest resolved): one typed field per concern, no lookups by key. Interfaces that keep
 * state of their own per instance create it in their bind ({@link ReflectiveHostInterface#perInstance}).
 */
public interface InstanceState {}
