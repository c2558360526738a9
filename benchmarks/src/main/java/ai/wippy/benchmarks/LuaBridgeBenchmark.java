package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * B4: {@code funcs.call("bench:add", 6, 7)} from Lua into a WASM function, against the same call
 * from Java; each side makes 1,000 calls per operation, so the figure is per call. {@link
 * #luaLoopOnly} is the Lua loop alone, the floor under {@link #fromLua}. The Lua rows run the
 * compiled tier; {@code -jvmArgsAppend -Dwippy.lua.tier=interpreted} runs them on LuaJ's
 * interpreter (docs/lua.md, Compiled Lua).
 */
public class LuaBridgeBenchmark extends NanosBenchmark {

    static final int CALLS = 1000;

    private WasmRegistry registry;
    private ai.wippy.runtime.ScalarFunction scalar;

    @Setup
    public void setUp() {
        registry = Guests.registry(Guests.ADD_REGISTRY + """
                  - name: lua-loop
                    kind: function.lua
                    method: run
                    modules: [funcs]
                    pool: { type: static, size: 1 }
                    source: |
                      local funcs = require("funcs")
                      return { run = function(n)
                        local sum = 0
                        for i = 1, n do
                          local v = funcs.call("bench:add", 6, 7)
                          sum = sum + v
                        end
                        return sum
                      end }
                  - name: lua-empty
                    kind: function.lua
                    method: run
                    pool: { type: static, size: 1 }
                    source: |
                      return { run = function(n)
                        local sum, a, b = 0, 6, 7
                        for i = 1, n do
                          local v = a + b
                          sum = sum + v
                        end
                        return sum
                      end }
                """);
        scalar = registry.handle("bench:add").scalar();
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long fromJava() {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += (Integer) registry.call("bench:add", 6, 7);
        }
        return sum;
    }

    /** The same calls through the typed scalar handle ({@code registry.handle(id).scalar()}). */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long fromJavaScalar() {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += scalar.call(6, 7);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object fromLua() {
        return registry.call("bench:lua-loop", CALLS);
    }

    /**
     * The reference for {@link #fromLua}: the same Lua loop doing the same arithmetic without {@code
     * funcs.call}, so the loop's own cost (LuaJ's interpreter and the guard's hook) is visible.
     */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object luaLoopOnly() {
        return registry.call("bench:lua-empty", CALLS);
    }

    /**
     * One call of the Lua entry that loops zero times: what a Lua call costs around its loop (the
     * fresh sandbox, the main chunk, the pool), per call rather than per iteration.
     */
    @Benchmark
    public Object luaCallAlone() {
        return registry.call("bench:lua-empty", 0);
    }
}
