package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.util.List;

/** Structural comparison of WIT types, ignoring type names (a {@code wit} field may inline them). */
final class TypeMatch {

    private TypeMatch() {}

    static boolean sameShape(FunctionSignature a, FunctionSignature b) {
        if (a.params().size() != b.params().size()) {
            return false;
        }
        for (int i = 0; i < a.params().size(); i++) {
            if (!same(a.params().get(i).type(), b.params().get(i).type())) {
                return false;
            }
        }
        return same(a.result(), b.result());
    }

    static boolean same(WitType a, WitType b) {
        if (a == null || b == null) {
            return a == b;
        }
        return switch (a) {
            case WitType.Primitive p -> p == b;
            case WitType.ListType l -> b instanceof WitType.ListType m && same(l.element(), m.element());
            case WitType.OptionType o -> b instanceof WitType.OptionType p && same(o.inner(), p.inner());
            case WitType.ResultType r ->
                b instanceof WitType.ResultType s && same(r.ok(), s.ok()) && same(r.err(), s.err());
            case WitType.TupleType t -> b instanceof WitType.TupleType u && all(t.elements(), u.elements());
            case WitType.RecordType r ->
                b instanceof WitType.RecordType s
                        && labelled(r.fields(), s.fields(), WitType.Field::name, WitType.Field::type);
            case WitType.VariantType v ->
                b instanceof WitType.VariantType w
                        && labelled(v.cases(), w.cases(), WitType.Case::name, WitType.Case::type);
            case WitType.EnumType e ->
                b instanceof WitType.EnumType f && e.cases().equals(f.cases());
            case WitType.FlagsType e ->
                b instanceof WitType.FlagsType f && e.flags().equals(f.flags());
            case WitType.HandleType h -> b instanceof WitType.HandleType g && h.own() == g.own();
        };
    }

    /** Whether the fields (or cases) have the same names, in order, and the same types. */
    private static <T> boolean labelled(
            List<T> a,
            List<T> b,
            java.util.function.Function<T, String> name,
            java.util.function.Function<T, WitType> type) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!name.apply(a.get(i)).equals(name.apply(b.get(i)))
                    || !same(type.apply(a.get(i)), type.apply(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean all(List<WitType> a, List<WitType> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
