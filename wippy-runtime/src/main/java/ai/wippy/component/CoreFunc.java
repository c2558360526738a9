package ai.wippy.component;

import com.dylibso.chicory.wasm.types.FunctionType;

/**
 * A core function value of a component: an export of a core instance, or a function the host
 * synthesised (a lowered import, a resource built-in).
 */
interface CoreFunc {

    FunctionType type();

    long[] call(long... args);

    static CoreFunc of(FunctionType type, java.util.function.Function<long[], long[]> body) {
        return new CoreFunc() {
            @Override
            public FunctionType type() {
                return type;
            }

            @Override
            public long[] call(long... args) {
                return body.apply(args);
            }
        };
    }
}
