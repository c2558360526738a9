package ai.wippy.spring.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.CallContext;
import ai.wippy.call.GuestErrorException;
import ai.wippy.call.WippyException;
import ai.wippy.component.host.WitInterface;
import ai.wippy.fixtures.CalculatorHost;
import ai.wippy.fixtures.StringsHost;
import ai.wippy.fixtures.TestbedCounter;
import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.WebAppTest;
import ai.wippy.spring.WippyFunction;
import ai.wippy.value.VariantValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Wippy's testbed components (our fixtures reproducing their interfaces, wippy-runtime
 * src/test/fixtures/component/testbed) in a real Spring Boot application with Spring Security,
 * called through {@code @WippyFunction} proxies; they answer as Wippy's Go tests and test app say.
 * Host interfaces are plain {@code @WitInterface} beans, the counter resource a plain class.
 */
@WebAppTest(
        properties = {
            "wippy.registry.locations=classpath*:wippy-testbed/_index.yaml",
            "wippy.security.authority-groups.ROLE_USER=users",
            // the proxies called straight from the tests run outside any request: as the system actor
            "wippy.security.system-actor=testbed-suite",
            "wippy.security.system-groups=users"
        },
        // the first request warms the server up: more than the client's default 5 s on a loaded machine
        timeout = "60s")
@ExtendWith(OutputCaptureExtension.class)
class TestbedComponentsApplicationTest {

    record Point(int x, int y) {}

    record Rectangle(Point topLeft, Point bottomRight) {}

    record Person(String name, long age) {}

    record UserRecord(long id, String name, List<String> tags, boolean active) {}

    record UserOutput(long id, String display, long tagCount) {}

    enum Color {
        RED,
        GREEN,
        BLUE
    }

    enum Permission {
        READ,
        WRITE,
        EXECUTE
    }

    interface Compute {
        long compute(long a, long b);
    }

    interface ComputeAsync {
        Mono<Long> compute(long a, long b);
    }

    interface EchoPoint {
        Point echo(Point p);
    }

    interface EchoRectangle {
        Rectangle echo(Rectangle r);
    }

    interface EchoColor {
        Color echo(Color c);
    }

    interface EchoShape {
        VariantValue echo(VariantValue s);
    }

    interface EchoPermissions {
        Set<Permission> echo(Set<Permission> p);
    }

    interface EchoStrings {
        List<String> echo(List<String> items);
    }

    interface MaybePoint {
        Optional<Point> maybe(boolean makeSome);
    }

    interface SwapPair {
        List<Integer> swap(int a, int b);
    }

    interface FilterAdults {
        List<Person> filter(List<Person> people);
    }

    interface SumList {
        long sum(List<Integer> numbers);
    }

    interface TryDivide {
        int divide(int a, int b);
    }

    interface TryParse {
        int parse(String s);
    }

    interface MapUsers {
        List<UserOutput> map(List<UserRecord> users);
    }

    interface AggregateTags {
        List<String> tags(List<UserRecord> users);
    }

    interface Process {
        String process(String input);
    }

    interface ProcessWithLog {
        long process(long a, long b, String msg);
    }

    interface RunTest {
        long run(long n);
    }

    interface MultiTest {
        long run();
    }

    @WitInterface("test:minimal/host")
    public static class MinimalHost {
        final List<String> seenBy = new CopyOnWriteArrayList<>();

        /** WIT add(a: u32, b: u32) -> u32; the context is the call's, as Wippy hands its ctx to a host. */
        public long add(CallContext ctx, long a, long b) {
            seenBy.add(ctx.actor() == null ? "nobody" : ctx.actor().id());
            return a + b;
        }
    }

    /** The resource test:counter/host's counter: one object per handle, closed when the guest drops it. */
    public static class Counter extends TestbedCounter {
        private final CounterHost host;

        public Counter(CounterHost host) {
            this.host = host;
            host.created.incrementAndGet();
        }

        @Override
        public void close() {
            host.dropped.incrementAndGet();
        }
    }

    @WitInterface(value = "test:counter/host", resources = Counter.class)
    public static class CounterHost {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    // the host beans are the imported classes, each built by its no-argument constructor
    @Import({
        Routes.class,
        TestSecurity.SignedIn.class,
        MinimalHost.class,
        StringsHost.class,
        CalculatorHost.class,
        CounterHost.class
    })
    static class App {
        @Bean
        MapReactiveUserDetailsService users() {
            return TestSecurity.users("rita:r:USER");
        }
    }

    @RestController
    static class Routes {
        private final ComputeAsync computeUsingHost;

        Routes(@WippyFunction("testbed:compute_using_host") ComputeAsync computeUsingHost) {
            this.computeUsingHost = computeUsingHost;
        }

        @GetMapping("/add/{a}/{b}")
        Mono<Map<String, Object>> add(@PathVariable long a, @PathVariable long b) {
            return computeUsingHost.compute(a, b).map(v -> Map.of("value", v));
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MinimalHost minimalHost;

    @Autowired
    StringsHost stringsHost;

    @Autowired
    CalculatorHost calculatorHost;

    @Autowired
    CounterHost counterHost;

    @WippyFunction("testbed:compute")
    Compute compute;

    @WippyFunction("testbed:compute_using_host")
    Compute computeUsingHost;

    @WippyFunction("testbed:echo_point")
    EchoPoint echoPoint;

    @WippyFunction("testbed:echo_rectangle")
    EchoRectangle echoRectangle;

    @WippyFunction("testbed:echo_color")
    EchoColor echoColor;

    @WippyFunction("testbed:echo_shape")
    EchoShape echoShape;

    @WippyFunction("testbed:echo_permissions")
    EchoPermissions echoPermissions;

    @WippyFunction("testbed:echo_list_string")
    EchoStrings echoStrings;

    @WippyFunction("testbed:maybe_point")
    MaybePoint maybePoint;

    @WippyFunction("testbed:swap_pair")
    SwapPair swapPair;

    @WippyFunction("testbed:filter_adults")
    FilterAdults filterAdults;

    @WippyFunction("testbed:sum_list")
    SumList sumList;

    @WippyFunction("testbed:try_divide")
    TryDivide tryDivide;

    @WippyFunction("testbed:try_parse")
    TryParse tryParse;

    @WippyFunction("testbed:transform_users")
    MapUsers transformUsers;

    @WippyFunction("testbed:filter_active")
    MapUsers filterActive;

    @WippyFunction("testbed:aggregate_tags")
    AggregateTags aggregateTags;

    @WippyFunction("testbed:strings_process")
    Process stringsProcess;

    @WippyFunction("testbed:calculator_process")
    ProcessWithLog calculatorProcess;

    @WippyFunction("testbed:counter_run")
    RunTest counterRun;

    @WippyFunction("testbed:counter_multi")
    MultiTest counterMulti;

    @Test
    void minimalAnswersWithoutAHostAndWithOne(CapturedOutput output) {
        // Wippy's test app: minimal_component.wasm, no grant, compute(6, 7) = 42
        assertThat(compute.compute(6, 7)).isEqualTo(42L);
        assertThat(compute.compute(5, 3)).isEqualTo(15L);
        assertThat(computeUsingHost.compute(7, 8)).isEqualTo(15L);
        assertThat(output.getAll().lines().filter(l -> l.contains("imports linked as absent")))
                .singleElement()
                .asString()
                .contains("testbed:compute: imports linked as absent (not granted; calling them traps): "
                        + "test:minimal/host@0.1.0");
    }

    @Test
    void theHostBeanSeesTheRequestsContext() {
        int before = minimalHost.seenBy.size();
        http.get()
                .uri("/add/20/22")
                .headers(h -> h.setBasicAuth("rita", "r"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(42);
        assertThat(minimalHost.seenBy.subList(before, minimalHost.seenBy.size()))
                .containsExactly("rita");
    }

    @Test
    void complexRecordsEnumsVariantsFlagsOptionsAndTuples() {
        assertThat(echoPoint.echo(new Point(7, 11))).isEqualTo(new Point(7, 11));
        Rectangle rect = new Rectangle(new Point(0, 0), new Point(100, 50));
        assertThat(echoRectangle.echo(rect)).isEqualTo(rect);
        assertThat(echoColor.echo(Color.GREEN)).isEqualTo(Color.GREEN);
        assertThat(echoShape.echo(new VariantValue("circle", 5L))).isEqualTo(new VariantValue("circle", 5L));
        assertThat(echoShape.echo(new VariantValue("none", null))).isEqualTo(new VariantValue("none", null));
        assertThat(echoPermissions.echo(Set.of(Permission.READ, Permission.EXECUTE)))
                .containsExactlyInAnyOrder(Permission.READ, Permission.EXECUTE);
        assertThat(maybePoint.maybe(true)).contains(new Point(42, 24));
        assertThat(maybePoint.maybe(false)).isEmpty();
        assertThat(swapPair.swap(1, 2)).containsExactly(2, 1);
        assertThat(filterAdults.filter(
                        List.of(new Person("Alice", 25), new Person("Bob", 15), new Person("Charlie", 30))))
                .containsExactly(new Person("Alice", 25), new Person("Charlie", 30));
        assertThat(sumList.sum(List.of(1, 2, 3, 4))).isEqualTo(10L);
    }

    @Test
    void resultsAnswerTheirValueOrTheGuestsError() {
        assertThat(tryDivide.divide(10, 2)).isEqualTo(5);
        assertThatThrownBy(() -> tryDivide.divide(10, 0))
                .isInstanceOf(GuestErrorException.class)
                .satisfies(e -> assertThat(((GuestErrorException) e).errorValue())
                        .isEqualTo(Map.of("code", 1L, "message", "division by zero")));
        assertThat(tryParse.parse("42")).isEqualTo(42);
        assertThatThrownBy(() -> tryParse.parse("not-a-number"))
                .isInstanceOf(GuestErrorException.class)
                .satisfies(e ->
                        assertThat(((GuestErrorException) e).errorValue()).isEqualTo("invalid digit found in string"));
    }

    @Test
    void aTrapDiscardsTheInstanceAndTheNextCallIsServed() {
        // i32.div_s of the smallest s32 by -1 traps in the guest (integer overflow)
        assertThatThrownBy(() -> tryDivide.divide(Integer.MIN_VALUE, -1))
                .isInstanceOf(WippyException.class)
                .satisfies(e -> assertThat(((WippyException) e).kind()).isEqualTo(ai.wippy.call.ErrorKind.TRAPPED));
        assertThat(tryDivide.divide(84, 2)).isEqualTo(42);
    }

    @Test
    void sixteenMiBListsCrossTheBoundary() {
        List<String> big = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            big.add(String.valueOf((char) ('a' + n)).repeat(1 << 20));
        }
        assertThat(echoStrings.echo(big)).isEqualTo(big);
    }

    @Test
    void mapperAnswersAsWippysTestAppExpects() {
        List<UserRecord> users = List.of(
                new UserRecord(1, "Alice", List.of("admin", "dev"), true),
                new UserRecord(2, "Bob", List.of("user"), false));

        assertThat(transformUsers.map(users))
                .containsExactly(new UserOutput(1, "Alice [admin, dev]", 2), new UserOutput(2, "Bob [user]", 1));
        assertThat(filterActive.map(users)).containsExactly(new UserOutput(1, "Alice [admin, dev]", 2));
        assertThat(aggregateTags.tags(users)).containsExactly("admin", "dev", "user");
    }

    @Test
    void hostFunctionsTakeAndGiveStrings() {
        assertThat(stringsProcess.process("test")).isEqualTo("test!");
        assertThat(stringsHost.logs).contains("test");
        assertThat(calculatorProcess.process(3, 4, "test message")).isEqualTo(12L);
        assertThat(calculatorHost.logs).contains("Component received: test message");
    }

    @Test
    void aHostResourceIsAPlainClassTheBeanNames() {
        int created = counterHost.created.get();
        int dropped = counterHost.dropped.get();

        assertThat(counterRun.run(5)).isEqualTo(5L);
        assertThat(counterMulti.run()).isEqualTo(6L);
        assertThat(counterHost.created.get() - created).isEqualTo(4);
        assertThat(counterHost.dropped.get() - dropped).isEqualTo(4);
    }
}
