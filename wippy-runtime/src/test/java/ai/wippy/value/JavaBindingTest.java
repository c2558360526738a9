package ai.wippy.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Field;
import ai.wippy.wit.WitType.Primitive;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A {@link JavaBinding} converts records, enums, options and lists straight between Java and
 * canonical values, with the same results as the general conversions ({@link CanonicalValues},
 * {@link JavaTypeMapper}), and falls back to them, with their errors naming the bad part, for
 * anything its plans do not take.
 */
class JavaBindingTest {

    enum Level {
        JUNIOR,
        SENIOR_STAFF
    }

    record User(String name, int age, List<String> tags, Level level) {}

    record Display(String name, boolean adult, int tagCount, Optional<String> firstTag) {}

    record Checked(String name, boolean adult, int tagCount, Optional<String> firstTag) {
        Checked {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty name");
            }
        }
    }

    interface Api {
        List<Display> transform(List<User> users);

        List<Checked> checked(List<User> users);
    }

    static final WitType USER = new WitType.RecordType(
            "user",
            List.of(
                    new Field("name", Primitive.STRING),
                    new Field("age", Primitive.U32),
                    new Field("tags", new WitType.ListType(Primitive.STRING)),
                    new Field("level", new WitType.EnumType("level", List.of("junior", "senior-staff")))));
    static final WitType DISPLAY = new WitType.RecordType(
            "display",
            List.of(
                    new Field("name", Primitive.STRING),
                    new Field("adult", Primitive.BOOL),
                    new Field("tag-count", Primitive.U32),
                    new Field("first-tag", new WitType.OptionType(Primitive.STRING))));
    static final FunctionSignature SIG = new FunctionSignature(
            "transform", List.of(new Param("users", new WitType.ListType(USER))), new WitType.ListType(DISPLAY));

    private static JavaBinding binding(String method) throws Exception {
        Method m = Api.class.getMethod(method, List.class);
        return JavaBinding.of(SIG, m.getGenericParameterTypes(), m.getGenericReturnType());
    }

    private static Map<String, Object> display(String name, boolean adult, long count, String first) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("adult", adult);
        m.put("tag-count", count);
        m.put("first-tag", first);
        return m;
    }

    @Test
    void recordsEnumsOptionsAndListsConvertAsTheGeneralWayDoes() throws Exception {
        JavaBinding b = binding("transform");
        List<Object> args = List.of(List.of(
                new User("ann", 30, List.of("a", "b"), Level.SENIOR_STAFF),
                new User("bo", 7, List.of(), Level.JUNIOR)));
        List<Object> lowered = b.lower(args);
        assertThat(lowered)
                .isEqualTo(
                        List.of(CanonicalValues.toCanonical(SIG.params().get(0).type(), args.get(0), "users")));
        assertThat(lowered.get(0))
                .isEqualTo(List.of(
                        Map.of("name", "ann", "age", 30L, "tags", List.of("a", "b"), "level", "senior-staff"),
                        Map.of("name", "bo", "age", 7L, "tags", List.of(), "level", "junior")));

        Object canonical = List.of(display("ANN", true, 2, "a"), display("BO", false, 0, null));
        Object lifted = b.lift(canonical);
        assertThat(lifted)
                .isEqualTo(List.of(
                        new Display("ANN", true, 2, Optional.of("a")), new Display("BO", false, 0, Optional.empty())))
                .isEqualTo(JavaTypeMapper.toJava(
                        canonical, Api.class.getMethod("transform", List.class).getGenericReturnType(), "result"));
    }

    @Test
    void whatThePlansDoNotTakeGoesTheGeneralWayWithItsErrors() throws Exception {
        JavaBinding b = binding("transform");
        // a map instead of a record, a long age: converted the general way
        assertThat(b.lower(List.of(List.of(Map.of("name", "m", "age", 3L, "tags", List.of(), "level", "JUNIOR")))))
                .isEqualTo(List.of(List.of(Map.of("name", "m", "age", 3L, "tags", List.of(), "level", "junior"))));
        // a structured argument is handed on as it is: checked where it is lowered (read canonical here)
        assertThat(b.lower(List.of(List.of(new User("x", -1, List.of(), Level.JUNIOR)))))
                .isInstanceOf(JavaArguments.class);
        assertThatThrownBy(() -> b.lower(List.of(List.of(new User("x", -1, List.of(), Level.JUNIOR))))
                        .get(0))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageContaining("users[0].age");
        assertThatThrownBy(() -> b.lift(List.of(display("A", true, 1L << 40, null))))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageContaining("result[0].tag-count");
        JavaBinding checked = binding("checked");
        assertThatThrownBy(() -> checked.lift(List.of(display("", true, 1, null))))
                .as("a compact constructor that refuses")
                .isInstanceOf(ValueShapeException.class)
                .hasMessageContaining("cannot build Checked");
    }
}
