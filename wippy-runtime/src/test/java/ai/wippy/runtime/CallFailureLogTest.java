package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.wippy.call.Actor;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failed call leaves one line on the logger {@code wippy.calls.<namespace>.<name>} (DEBUG for
 * {@code wippy.calls.logtest} in this module's simplelogger.properties; slf4j-simple writes it to
 * {@code System.err}, captured here), naming the function, the kind and the actor, at the level of
 * its kind; a failure propagating up through its callers is logged once, where it happened.
 */
class CallFailureLogTest {

    static final String YAML = """
            version: "1.0"
            namespace: logtest
            entries:
            """ + TestRegistries.ADD + """
              - name: spin
                kind: function.wat
                method: spin
                limits: { max_execution_ms: 50 }
                source: '(module (func (export "spin") (loop $l (br $l))))'
              - name: trap
                kind: function.wat
                method: run
                source: '(module (func (export "run") unreachable))'
              - name: boom
                kind: function.lua
                method: run
                source: |
                  local function inner() error("boom in lua") end
                  return { run = function() inner() end }
              - name: refuse
                kind: function.lua
                method: run
                source: |
                  return { run = function() return nil, "no such user" end }
            """
            + relay("outer", "logtest:missing", "return nil, err")
            + relay("outer-raises", "logtest:outer", "error(err)");

    /** A Lua function {@code name} that calls {@code target} and, when that fails, does {@code onError}. */
    private static String relay(String name, String target, String onError) {
        return """
                  - name: %s
                    kind: function.lua
                    method: run
                    modules: [funcs]
                    source: |
                      local funcs = require("funcs")
                      return { run = function()
                        local out, err = funcs.call("%s")
                        if err then %s end
                        return out
                      end }
                """.formatted(name, target, onError);
    }

    static WasmRegistry registry;

    @BeforeAll
    static void boot() {
        registry = TestRegistries.runtime(YAML);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    /** The {@code wippy.calls.logtest.*} lines written while {@code body} runs. */
    private static List<String> logged(TestRegistries.Body body) throws Exception {
        return logged(body, new String[1]);
    }

    /** As {@link #logged(TestRegistries.Body)}; {@code all[0]} receives the whole output, stack traces included. */
    private static List<String> logged(TestRegistries.Body body, String[] all) throws Exception {
        String text = TestRegistries.stderrOf(body);
        System.err.print(text);
        all[0] = text;
        return Arrays.stream(text.split("\n"))
                .filter(l -> l.contains(" " + CallFailureLog.LOGGER + ".logtest."))
                .toList();
    }

    private static WippyException fails(String id, Object... args) {
        return catchThrowableOfType(WippyException.class, () -> registry.call(id, args));
    }

    @Test
    void anInternalErrorIsAWarningWithTheLuaTracebackInTheLogOnly() throws Exception {
        String[] message = new String[1];
        String[] everything = new String[1];
        List<String> lines = logged(() -> message[0] = fails("logtest:boom").detail(), everything);
        assertThat(lines).hasSize(1);
        assertThat(everything[0]).contains("stack traceback:").contains("in function 'inner'");
        assertThat(message[0]).doesNotContain("stack traceback");
        assertThat(lines.get(0))
                .contains(
                        "WARN wippy.calls.logtest.boom - call failed: function=logtest:boom kind=INTERNAL actor=none:")
                .contains("boom in lua");
        assertThat(message[0]).contains("boom in lua");
    }

    @Test
    void aTrapIsAWarning() throws Exception {
        List<String> lines =
                logged(() -> assertThat(fails("logtest:trap").kind()).isEqualTo(ErrorKind.TRAPPED));
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("WARN wippy.calls.logtest.trap - call failed: function=logtest:trap kind=TRAPPED");
    }

    @Test
    void aTimeoutIsAWarningThatStatesTheLimit() throws Exception {
        WippyException[] e = new WippyException[1];
        List<String> lines = logged(() -> e[0] = fails("logtest:spin"));
        assertThat(e[0].kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e[0].detail()).isEqualTo("execution exceeded max_execution_ms 50 of logtest:spin and was stopped");
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("WARN wippy.calls.logtest.spin - call failed: function=logtest:spin kind=TIMEOUT")
                .contains("max_execution_ms 50");
    }

    @Test
    void aCallersTimeoutIsNamedAsSuch() {
        WippyException e = catchThrowableOfType(
                WippyException.class,
                () -> registry.caller()
                        .withTimeout(java.time.Duration.ofMillis(20))
                        .call("logtest:spin"));
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.detail()).contains("a timeout of 20 ms");
    }

    @Test
    void invalidArgumentsAndGuestErrorsAreDebugLinesWithTheActor() throws Exception {
        List<String> lines = logged(() -> {
            catchThrowableOfType(
                    WippyException.class,
                    () -> registry.caller().withActor(Actor.of("alice")).call("logtest:add", 1));
            assertThat(fails("logtest:refuse").kind()).isEqualTo(ErrorKind.GUEST_ERROR);
        });
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .contains("DEBUG wippy.calls.logtest.add - call failed: function=logtest:add kind=INVALID actor=alice:")
                .contains("expected 2 argument(s)");
        assertThat(lines.get(1))
                .contains(
                        "DEBUG wippy.calls.logtest.refuse - call failed: function=logtest:refuse kind=GUEST_ERROR actor=none:")
                .contains("no such user");
    }

    @Test
    void aNestedFailurePassedOnIsLoggedOnceWhereItHappened() throws Exception {
        WippyException[] e = new WippyException[1];
        List<String> lines = logged(() -> e[0] = fails("logtest:outer-raises"));
        // logtest:missing is not found inside logtest:outer, which passes the error on to logtest:outer-raises, which
        // raises it
        assertThat(e[0].functionId()).isEqualTo("logtest:outer-raises");
        assertThat(e[0].kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("WARN wippy.calls.logtest.missing - call failed: function=logtest:missing kind=NOT_FOUND")
                .contains("no function 'logtest:missing' in the registry");
    }

    @Test
    void eachNewFailureIsLoggedAgain() throws Exception {
        List<String> lines = logged(() -> {
            fails("logtest:trap");
            fails("logtest:trap");
        });
        assertThat(lines).hasSize(2);
    }

    @Test
    void successfulCallsLogNothing() throws Exception {
        assertThat(logged(() -> assertThat(registry.call("logtest:add", 2, 3)).isEqualTo(5)))
                .isEmpty();
    }
}
