package ai.wippy.component.binary;

import java.util.List;

/** A decoded component: its definitions in binary order (nested components inside). */
public record ComponentAst(int offset, List<Definition> definitions) {

    public ComponentAst {
        definitions = List.copyOf(definitions);
    }
}
