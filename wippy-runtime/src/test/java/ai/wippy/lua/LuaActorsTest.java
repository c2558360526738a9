package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.CallContext;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Wippy's {@code process} and {@code channel} globals, {@code time.after}, and their permissions. */
class LuaActorsTest {

    static final String YAML = TestRegistries.yaml(
            "a",
            LuaProcessModuleTest.EXIT7,
            """
              - name: traps
                kind: process.wasm
                source: '(module (memory (export "memory") 1) (func (export "_start") unreachable))'
            """,
            TestRegistries.luaFunction("self_mail", "run", """
                    return { run = function()
                      local me = process.pid()
                      assert(process.send(me, "greet", { n = 1, tags = {"x"} }, "two"))
                      assert(process.send(me, "greet", "second"))
                      local inbox = process.inbox()
                      local first = inbox:receive()
                      local second = inbox:receive()
                      local ok, err = process.send(me, "@events", "no")
                      return { topic = first:topic(), from_self = first:from() == me,
                               n = first:payload():data().n, tag = first:payload():data().tags[1],
                               count = #first:payloads(), two = first:payloads()[2]:data(),
                               second = second:payload():data(), reserved = err and err:kind() }
                    end }
                    """),
            TestRegistries.luaFunction("topics", "run", """
                    return { run = function()
                      local me = process.self()
                      local jobs = process.listen("job")
                      process.send(me, "other", "for the inbox")
                      process.send(me, "job", "for the listener")
                      local job = jobs:receive()
                      local msg = process.inbox():receive()
                      return { job = job, inbox = msg:payload():data(), inbox_topic = msg:topic() }
                    end }
                    """),
            TestRegistries.luaFunction("channels", "run", "modules: [time]", """
                    local time = require("time")
                    return { run = function()
                      local buffered = channel.new(2)
                      buffered:send("a")
                      buffered:send("b")
                      local none = channel.select { channel.new():case_receive(), default = true }
                      local timeout = time.after("20ms")
                      local never = channel.new()
                      local r = channel.select { never:case_receive(), timeout:case_receive() }
                      buffered:close()
                      local a, ok_a = buffered:receive()
                      local b = buffered:receive()
                      local c, ok_c = buffered:receive()
                      local s = channel.select { buffered:case_receive() }
                      return { default = none.default, timed_out = r.channel == timeout, a = a, ok_a = ok_a,
                               b = b, closed = (c == nil and ok_c == false), select_closed = s.ok == false }
                    end }
                    """),
            TestRegistries.luaFunction("watcher", "run", """
                    return { run = function()
                      local pid, err = process.spawn_monitored("a:exit7", nil)
                      if err then return { err = tostring(err) } end
                      local e = process.events():receive()
                      process.set_options({ trap_links = true })
                      local linked = process.spawn_linked_monitored("a:traps", nil)
                      local kinds = {}
                      local failed
                      for i = 1, 2 do
                        local ev = process.events():receive()
                        kinds[ev.kind] = true
                        if ev.kind == process.event.EXIT then failed = ev.result.error and ev.result.error:kind() end
                      end
                      return { exit = e.kind == process.event.EXIT, from = e.from == pid, code = e.code,
                               id = e.id, linked_exit = kinds.EXIT, link_down = kinds.LINK_DOWN,
                               failed = failed }
                    end }
                    """),
            TestRegistries.luaFunction("spawner", "run", """
                    return { run = function()
                      local pid, err = process.spawn("a:exit7", nil)
                      if err then return { kind = err:kind(), message = err:message() } end
                      return { pid = pid }
                    end }
                    """),
            TestRegistries.allows("spawners", "spawners", "[funcs.call, process.spawn]", "*"),
            TestRegistries.allows("callers", "callers", "funcs.call", "*"));

    /** A registry of {@link #YAML} for each test. */
    @AutoClose
    private final WasmRegistry r = TestRegistries.runtime(YAML);

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String id) {
        return (Map<String, Object>) r.call(id);
    }

    @Test
    void aCallSendsToItselfAndReadsItsInboxInOrder() {
        assertThat(call("a:self_mail"))
                .containsEntry("topic", "greet")
                .containsEntry("from_self", true)
                .containsEntry("n", 1)
                .containsEntry("tag", "x")
                .containsEntry("count", 2)
                .containsEntry("two", "two")
                .containsEntry("second", "second")
                .containsEntry("reserved", "INVALID");
        assertThat(r.actors().processes())
                .as("the call's process ended with the call")
                .isEmpty();
    }

    @Test
    void listenTakesItsTopicAwayFromTheInbox() {
        assertThat(call("a:topics"))
                .containsEntry("job", "for the listener")
                .containsEntry("inbox", "for the inbox")
                .containsEntry("inbox_topic", "other");
    }

    @Test
    void channelsSelectAndTimeAfter() {
        assertThat(call("a:channels"))
                .containsEntry("default", true)
                .containsEntry("timed_out", true)
                .containsEntry("a", "a")
                .containsEntry("ok_a", true)
                .containsEntry("b", "b")
                .containsEntry("closed", true)
                .containsEntry("select_closed", true);
    }

    @Test
    void monitorsAndLinksDeliverExitAndLinkDown() {
        assertThat(call("a:watcher"))
                .containsEntry("exit", true)
                .containsEntry("from", true)
                .containsEntry("code", 7)
                .containsEntry("id", "a:exit7")
                .containsEntry("linked_exit", true)
                .containsEntry("link_down", true)
                .containsEntry("failed", "TRAPPED");
    }

    @Test
    void spawnIsAuthorizedAsProcessSpawn() throws Exception {
        CallContext allowed = TestRegistries.actingAs(r, "ada", "spawners");
        CallContext denied = TestRegistries.actingAs(r, "bob", "callers");
        @SuppressWarnings("unchecked")
        Map<String, Object> ok = (Map<String, Object>) CallContext.runWith(allowed, () -> r.call("a:spawner"));
        assertThat((String) ok.get("pid")).startsWith("{");
        @SuppressWarnings("unchecked")
        Map<String, Object> no = (Map<String, Object>) CallContext.runWith(denied, () -> r.call("a:spawner"));
        assertThat(no).containsEntry("kind", "PERMISSION_DENIED");
        assertThat((String) no.get("message")).contains("actor 'bob' may not process.spawn a:exit7");
    }
}
