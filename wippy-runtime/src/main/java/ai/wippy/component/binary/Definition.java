package ai.wippy.component.binary;

import java.util.List;

/**
 * One definition of a component, in binary order. Each definition (except custom sections) adds
 * one entry to an index space; {@link #offset()} is where it starts in the binary.
 */
public sealed interface Definition {

    int offset();

    /** An embedded core module: {@code bytes[start, end)} of the outer binary. */
    record CoreModule(int offset, byte[] binary) implements Definition {}

    /** {@code (core instance (instantiate m (with name (instance i))*))}. */
    record CoreInstantiate(int offset, int module, List<CoreArg> args) implements Definition {}

    record CoreArg(String name, int instance) {}

    /** {@code (core instance (export name (sort idx))*)}. */
    record CoreInlineInstance(int offset, List<CoreInlineExport> exports) implements Definition {}

    record CoreInlineExport(String name, Sort sort, int index) {}

    record CoreTypeDef(int offset, Types.CoreType type) implements Definition {}

    /** A nested component. */
    record NestedComponent(int offset, ComponentAst component) implements Definition {}

    /** {@code (instance (instantiate c (with name (sort idx))*))}. */
    record Instantiate(int offset, int component, List<Arg> args) implements Definition {}

    record Arg(String name, Sort sort, int index) {}

    /** {@code (instance (export name (sort idx))*)}. */
    record InlineInstance(int offset, List<Arg> exports) implements Definition {}

    record AliasDef(int offset, Types.Alias alias) implements Definition {}

    record TypeDef(int offset, Types.DefType type) implements Definition {}

    /** The canonical options of a lift or lower; -1 where absent. */
    record CanonOptions(int encoding, int memory, int realloc, int postReturn) {
        public static final int UTF8 = 0;
        public static final int UTF16 = 1;
        public static final int LATIN1_UTF16 = 2;
    }

    record CanonLift(int offset, int coreFunc, CanonOptions options, int type) implements Definition {}

    record CanonLower(int offset, int func, CanonOptions options) implements Definition {}

    record CanonResourceNew(int offset, int resource) implements Definition {}

    record CanonResourceDrop(int offset, int resource) implements Definition {}

    record CanonResourceRep(int offset, int resource) implements Definition {}

    record Start(int offset, int func, List<Integer> args, int results) implements Definition {}

    record Import(int offset, String name, Types.ExternType type) implements Definition {}

    /** {@code ascribed} is null when the export gives no type. */
    record Export(int offset, String name, Sort sort, int index, Types.ExternType ascribed) implements Definition {}

    record Custom(int offset, String name, int dataLength) implements Definition {}
}
