package ai.wippy.component;

import com.dylibso.chicory.runtime.Memory;

/**
 * The canonical options of one lift or lower, resolved to runtime objects: the guest memory, its
 * {@code cabi_realloc}, the post-return function (each may be null) and the string encoding (see
 * {@link ai.wippy.component.binary.Definition.CanonOptions}), and the most that lifting one
 * crossing's values may allocate.
 */
record CanonOptions(
        Memory memory,
        CoreFunc realloc,
        CoreFunc postReturn,
        int encoding,
        InstanceResources resources,
        long maxLiftBytes) {}
