/**
 * The SPI for host interfaces that components import.
 *
 * <h2>Implementing an interface</h2>
 *
 * <p>A {@link ai.wippy.component.host.HostInterface} has a {@link
 * ai.wippy.component.host.HostInterface#name() name} without version ({@code wasi:io/streams},
 * {@code wippy:runtime/funcs}, {@code test:minimal/host}); a component importing any version of it
 * ({@code wasi:io/streams@0.2.3}) is linked to it. For every new component instance the runtime calls
 * {@link ai.wippy.component.host.HostInterface#bind(HostBinding)} once: a stateless host returns a
 * shared {@link ai.wippy.component.host.BoundInterface}, a stateful one (WASI streams, descriptors)
 * returns a fresh one holding that instance's state and releases it in {@code close()} when the
 * instance is discarded. {@link ai.wippy.component.host.HostBinding} carries the registry entry
 * (its {@code wasi} settings, mounts...), the import name as written, the granted capabilities,
 * the instance's handle table, and the {@link ai.wippy.component.host.InstanceState} all interfaces
 * bound to the same instance share (for WASI, {@code ai.wippy.wasi.p2.WasiState}: settings, standard
 * streams, I/O budget, resolved names, typed fields created once where the instance is made). An
 * interface keeping state of its own per instance creates it in {@code bind}
 * ({@link ai.wippy.component.host.ReflectiveHostInterface#perInstance}).
 *
 * <p>The binding then hands out one {@link ai.wippy.component.host.HostFunction} per imported
 * function, looked up by its WIT name ({@code log}, {@code [method]descriptor.read},
 * {@code [constructor]fields}) with the signature the component declares. Functions take and return
 * canonical values ({@code ai.wippy.value}): the component host lifts the arguments out of guest
 * memory and lowers the result back. Throwing traps the guest; a {@code result<_, E>} function
 * reports errors by returning {@code ResultValue.err(e)}. Resource handles arrive and leave as
 * {@code ResourceHandle}s.
 *
 * <h2>Registering</h2>
 *
 * <p>Interfaces are found with {@code LoadContext.services(HostInterface.class)}: add them to the
 * {@code WasmRegistryBuilder} with {@code .service(HostInterface.class, host)} (the Spring
 * auto-configuration can add every {@code HostInterface} bean), or list the class in {@code
 * META-INF/services/ai.wippy.component.host.HostInterface}.
 *
 * <p>An application object with ordinary methods can serve an interface through {@link
 * ai.wippy.component.host.ReflectiveHostInterface}: annotate the class with {@code
 * @WitInterface("test:minimal/host")} and wrap it with {@code ReflectiveHostInterface.of(bean)}; the
 * WIT function {@code get-value} calls {@code getValue}, arguments and results are converted with
 * {@code JavaTypeMapper}/{@code CanonicalValues}.
 *
 * <h2>Grants</h2>
 *
 * <p>An import is linked only when the entry's {@code imports} grants it: WASI interfaces through
 * their group ({@code wasi:filesystem}; {@code wasi:io} interfaces also come with any group that hands
 * out streams or pollables, since they reach nothing by themselves), {@code wippy:runtime/funcs}
 * through {@code funcs},
 * application interfaces through their name, with or without the version the component imports
 * ({@code test:minimal/host}, {@code test:minimal/host@0.1.0}). A WASI import that is not granted, or
 * that no host implements, links to an {@link ai.wippy.component.host.UngrantedInterface}: the
 * capability behaves as absent (empty lists, none, access errors, otherwise a CAPABILITY_DENIED
 * "capability not granted: wasi:filesystem" trap). An imported instance that declares only types
 * needs no host. Any other import that is not granted links to an {@link
 * ai.wippy.component.host.AbsentInterface} (its functions trap, naming the import and how to provide
 * it); one that is granted but that nothing provides stops the boot with its name.
 *
 * <p>Resources can be served by a {@code @WitInterface} bean too: see {@link
 * ai.wippy.component.host.WitInterface#resources()}. A resource defined by another interface
 * ({@code use wasi:io/streams.{input-stream}}) is taken and returned as its Java class, also in
 * {@code list<borrow<R>>} and {@code option}; {@link ai.wippy.component.host.WitInterface#uses()}
 * names its class for the link-time check. A method whose WIT result is {@code result<T, E>} may
 * return {@code T} and throw a {@link ai.wippy.component.host.WitError} for {@code err(E)}.
 */
package ai.wippy.component.host;
