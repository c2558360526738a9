package ai.wippy.value;

/** An opaque handle to a resource owned by a component instance ({@code own}/{@code borrow}). */
public record ResourceHandle(String resource, int handle, boolean own) {}
