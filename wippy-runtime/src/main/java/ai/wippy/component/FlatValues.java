package ai.wippy.component;

import ai.wippy.wit.WitType.*;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/** Flat core values of one crossing, with the core type of each slot (Chicory's long-per-value form). */
final class FlatValues {

    private FlatValues() {}

    /** Flat values being read, with the core type of each slot. */
    static final class Reader {
        final long[] values;
        final List<ValType> types;
        int i;

        Reader(long[] values, List<ValType> types) {
            this.values = values;
            this.types = types;
        }

        long next() {
            return values[i++];
        }
    }

    /** Flat values being written, with the core type of each slot. */
    static final class Writer {
        final long[] values;
        final List<ValType> types;
        int i;

        Writer(List<ValType> types) {
            this.types = types;
            this.values = new long[types.size()];
        }

        void put(long v) {
            ValType slot = types.get(i);
            // 32-bit values travel as their low 32 bits; 64-bit slots take the value whole
            values[i++] = slot.equals(ValType.I64) || slot.equals(ValType.F64) ? v : v & 0xffffffffL;
        }
    }
}
