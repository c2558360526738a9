package ai.wippy.component;

import ai.wippy.wit.WitType;

/** Handle types as the shared WIT model spells them. */
final class Handles {

    private Handles() {}

    static WitType.HandleType type(ResourceKind kind, boolean own) {
        return new WitType.HandleType(kind.name(), own);
    }
}
