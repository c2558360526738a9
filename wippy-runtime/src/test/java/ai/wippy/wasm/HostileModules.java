package ai.wippy.wasm;

/** Core modules that try to exhaust the host's heap, shared by the core-module and component tests. */
public final class HostileModules {

    private HostileModules() {}

    /** Grows a page at a time until memory.grow answers -1, then answers the size; or traps if asked. */
    public static final String GROWER = """
            (module
              (memory (export "memory") 1)
              (func (export "grow") (param $trap i32) (result i32)
                (block $full
                  (loop $more
                    (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
                    (br $more)))
                (if (local.get $trap) (then unreachable))
                memory.size))
            """;

    /**
     * One 64 KiB page holding a list of 8000 lists that all point at the whole page: bounds checks pass
     * for each, and lifting them all would allocate 500 MiB.
     */
    public static final String NESTED_LISTS = """
            (module
              (memory (export "memory") 1)
              (func (export "f") (result i32)
                (local $i i32)
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 8000))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (i32.const 8000)))
                    (i32.store (i32.add (i32.const 16) (i32.mul (local.get $i) (i32.const 8))) (i32.const 0))
                    (i32.store (i32.add (i32.const 20) (i32.mul (local.get $i) (i32.const 8))) (i32.const 65536))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (i32.const 0))
              (func (export "small") (result i32)
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 2))
                (i32.store (i32.const 16) (i32.const 100))
                (i32.store (i32.const 20) (i32.const 3))
                (i32.store (i32.const 24) (i32.const 100))
                (i32.store (i32.const 28) (i32.const 0))
                (i32.const 0))
              (data (i32.const 100) "abc"))
            """;
}
