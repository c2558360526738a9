package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.engine.WatAssembler;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real guest calls a host function through the canonical ABI (canon lower), both directions in one call. */
class HostImportTest {

    // run(s) calls the host's shout(s) with a return area at 16, and returns that area.
    static final String WAT = """
            (module
              (import "host" "shout" (func $shout (param i32 i32 i32)))
              (memory (export "memory") 1)
              (global $next (mut i32) (i32.const 1024))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32)
                global.get $next local.get 2 i32.add i32.const 1 i32.sub
                i32.const 0 local.get 2 i32.sub i32.and
                local.tee $p local.get 3 i32.add global.set $next
                local.get $p)
              (func (export "run") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.const 16 call $shout
                i32.const 16))
            """;

    static final FunctionSignature SHOUT = WitParser.parseFunction("shout: func(s: string) -> string;", "shout");
    static final FunctionSignature RUN = WitParser.parseFunction("run: func(s: string) -> string;", "run");

    private static Instance instantiate(CanonicalAbi.Callee impl) {
        HostFunction shout = CanonicalAbi.hostFunction("host", "shout", SHOUT, CoreOptions::of, impl);
        byte[] wasm = new WatAssembler().assemble(WAT);
        return Instance.builder(Parser.parse(wasm))
                .withImportValues(ImportValues.builder().addFunction(shout).build())
                .build();
    }

    /** Canonical options of a core instance: its memory and cabi_realloc. */
    static final class CoreOptions {
        static CanonicalOptions of(Instance instance) {
            ExportFunction realloc = instance.export("cabi_realloc");
            return new CanonicalOptions(
                    instance.memory(),
                    StringEncoding.UTF8,
                    (o, s, a, n) -> (int) realloc.apply(o, s, a, n)[0],
                    null,
                    null);
        }
    }

    @Test
    void theGuestPassesAStringToTheHostAndGetsOneBack() {
        Instance instance = instantiate(args -> ((String) args.get(0)).toUpperCase() + "!");
        assertThat(CanonicalAbi.flatImport(SHOUT).describe()).isEqualTo("(func (param i32 i32 i32))");
        Object out =
                CanonicalAbi.callExport(CoreOptions.of(instance), RUN, instance.export("run"), List.of("olá mundo"));
        assertThat(out).isEqualTo("OLÁ MUNDO!");
    }

    @Test
    void hostFailuresPropagateToTheCaller() {
        Instance instance = instantiate(args -> {
            throw new IllegalStateException("host refused " + args);
        });
        assertThatThrownBy(() ->
                        CanonicalAbi.callExport(CoreOptions.of(instance), RUN, instance.export("run"), List.of("x")))
                .hasMessageContaining("host refused [x]");
    }

    @Test
    void aGuestPassingABadStringToTheHostTraps() {
        Instance instance = instantiate(args -> "never");
        // call the import path directly with a length running off the end of memory
        assertThatThrownBy(() ->
                        CanonicalAbi.liftArguments(CoreOptions.of(instance), SHOUT, new long[] {65_000, 1_000, 16}))
                .isInstanceOf(TrapException.class);
    }
}
