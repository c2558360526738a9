package ai.wippy.lua;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Message;
import ai.wippy.actor.Payload;
import ai.wippy.actor.ProcessEvent;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.process.ProcessHandle;
import ai.wippy.process.ProcessHost;
import ai.wippy.spi.RunningRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Wippy's {@code process} module for one Lua call (the {@code process} global, also {@code
 * require("process")}). The call is a process from its first use of the module on: it gets a PID, a
 * mailbox and an events channel, and it ends (EXIT to its monitors) when the call returns. Every
 * operation is authorized as Wippy names it, under the call's actor and scope.
 */
final class LuaProcessScope {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<LuaProcessScope> CURRENT = new ThreadLocal<>();

    private final Supplier<RunningRegistry> runtime;
    private final String entryId;
    private final Thread thread = Thread.currentThread();
    private ActorProcess self;
    private boolean own;
    private LuaTable table;
    private LuaTable channels;
    private LuaChannels.Channel inbox;
    private LuaChannels.Channel events;
    private final Map<String, LuaChannels.Channel> listening = new ConcurrentHashMap<>();

    LuaProcessScope(Supplier<RunningRegistry> runtime, String entryId) {
        this.runtime = runtime;
        this.entryId = entryId;
    }

    static LuaProcessScope enter(LuaProcessScope scope) {
        LuaProcessScope previous = CURRENT.get();
        CURRENT.set(scope);
        return previous;
    }

    static void exit(LuaProcessScope previous) {
        CURRENT.set(previous);
    }

    static LuaProcessScope current() {
        return CURRENT.get();
    }

    /** Ends the call's process, if the call became one. */
    void release() {
        if (self != null && own) {
            self.system().exited(self, null, null);
        }
    }

    LuaTable channelModule() {
        if (channels == null) {
            channels = LuaChannels.module();
        }
        return channels;
    }

    private ActorSystem system() {
        return runtime.get().actors();
    }

    /** The call's process, created at first use; a call that runs inside a process is that process. */
    ActorProcess self() {
        if (self == null) {
            ActorProcess running = ActorProcess.current();
            if (running != null) {
                self = running;
            } else {
                self = system().register(entryId, CallContext.current(), MailboxLimits.DEFAULT, null, false, false);
                self.hearsCancel(true);
                self.terminator(thread::interrupt);
                own = true;
            }
        }
        return self;
    }

    LuaTable table() {
        if (table == null) {
            table = build();
        }
        return table;
    }

    private LuaTable build() {
        LuaTable t = new LuaTable();
        LuaTable event = new LuaTable();
        for (ProcessEvent.Kind k : ProcessEvent.Kind.values()) {
            event.set(k.name(), k.name());
        }
        t.set("event", event);
        t.set("pid", LuaValues.fn(a -> LuaValue.valueOf(self().pid().toString())));
        t.set("self", LuaValues.fn(a -> LuaValue.valueOf(self().pid().toString())));
        t.set("id", LuaValues.fn(a -> LuaValue.valueOf(entryId)));
        t.set("spawn", LuaValues.fn(a -> spawn(a, false, false)));
        t.set("spawn_monitored", LuaValues.fn(a -> spawn(a, true, false)));
        t.set("spawn_linked", LuaValues.fn(a -> spawn(a, false, true)));
        t.set("spawn_linked_monitored", LuaValues.fn(a -> spawn(a, true, true)));
        t.set(
                "send",
                LuaValues.fn(a -> guarded(() -> {
                    String dest = a.checkjstring(1);
                    String topic = a.checkjstring(2);
                    List<Payload> payloads = new ArrayList<>();
                    for (int i = 3; i <= a.narg(); i++) {
                        payloads.add(payload(a.arg(i)));
                    }
                    ActorProcess me = self();
                    system().send(CallContext.current(), me.pid(), dest, topic, payloads);
                    return LuaValue.TRUE;
                })));
        t.set(
                "terminate",
                LuaValues.fn(a -> guarded(() -> {
                    system().terminate(CallContext.current(), self().pid(), a.checkjstring(1));
                    return LuaValue.TRUE;
                })));
        t.set(
                "cancel",
                LuaValues.fn(a -> guarded(() -> {
                    system().cancel(CallContext.current(), self().pid(), a.checkjstring(1), a.optjstring(2, ""));
                    return LuaValue.TRUE;
                })));
        Map<String, TargetOp> targetOps = Map.of(
                "monitor", ActorSystem::monitor,
                "unmonitor", ActorSystem::unmonitor,
                "link", ActorSystem::link,
                "unlink", ActorSystem::unlink);
        targetOps.forEach((name, op) -> t.set(
                name,
                LuaValues.fn(a -> guarded(() -> {
                    op.apply(system(), CallContext.current(), self(), a.checkjstring(1));
                    return LuaValue.TRUE;
                }))));
        t.set("get_options", LuaValues.fn(a -> {
            LuaTable o = new LuaTable();
            o.set("trap_links", LuaValue.valueOf(self().trapLinks()));
            return o;
        }));
        t.set("set_options", LuaValues.fn(a -> {
            LuaValue trap = a.checktable(1).get("trap_links");
            if (!trap.isnil()) {
                self().trapLinks(trap.toboolean());
            }
            return LuaValue.TRUE;
        }));
        t.set("inbox", LuaValues.fn(a -> inbox()));
        t.set("events", LuaValues.fn(a -> events()));
        t.set("listen", LuaValues.fn(a -> listen(a.checkjstring(1), a.arg(2))));
        t.set("unlisten", LuaValues.fn(a -> {
            if (a.arg1() instanceof LuaChannels.Channel ch) {
                listening.values().remove(ch);
            }
            return LuaValue.TRUE;
        }));
        return t;
    }

    private Varargs spawn(Varargs a, boolean monitored, boolean linked) {
        return guarded(() -> {
            String id = a.checkjstring(1);
            String host = a.arg(2).isnil() ? null : a.checkjstring(2);
            List<String> argv = new ArrayList<>();
            for (int i = 3; i <= a.narg(); i++) {
                argv.add(a.arg(i).tojstring());
            }
            ActorProcess me = monitored || linked ? self() : ActorProcess.current();
            ActorProcess previous = ActorProcess.bind(me);
            try {
                ProcessHandle h = ProcessHost.of(runtime.get()).spawnAs(host, id, argv, monitored, linked);
                return LuaValue.valueOf(h.processId().toString());
            } finally {
                ActorProcess.unbind(previous);
            }
        });
    }

    private LuaChannels.Channel inbox() {
        if (inbox == null) {
            ActorProcess me = self();
            inbox = new LuaChannels.Channel(LuaChannels.source(
                    () -> {
                        Message m = me.mailbox().poll(x -> !listening.containsKey(x.topic()));
                        return m == null ? null : message(m);
                    },
                    r -> me.mailbox().onChange(r)));
        }
        return inbox;
    }

    private LuaChannels.Channel listen(String topic, LuaValue options) {
        if (topic.startsWith("@")) {
            throw new LuaError("process.listen: topic '" + topic + "' is reserved (it starts with @)");
        }
        boolean asMessage = options.istable() && options.get("message").toboolean();
        ActorProcess me = self();
        LuaChannels.Channel ch = new LuaChannels.Channel(LuaChannels.source(
                () -> {
                    Message m = me.mailbox().poll(x -> x.topic().equals(topic));
                    if (m == null) {
                        return null;
                    }
                    return asMessage
                            ? message(m)
                            : m.payloads().isEmpty()
                                    ? LuaValue.TRUE
                                    : data(m.payloads().get(0));
                },
                r -> me.mailbox().onChange(r)));
        listening.put(topic, ch);
        return ch;
    }

    private LuaChannels.Channel events() {
        if (events == null) {
            ActorProcess me = self();
            events = new LuaChannels.Channel(LuaChannels.source(
                    () -> {
                        ProcessEvent e = me.pollEvent();
                        return e == null ? null : event(e);
                    },
                    me::onEvent));
        }
        return events;
    }

    // --- values ------------------------------------------------------------------------------------

    static Payload payload(LuaValue v) {
        if (v.type() == LuaValue.TSTRING) {
            return Payload.text(v.tojstring());
        }
        try {
            return Payload.json(JSON.writeValueAsString(LuaValues.toJava(v)));
        } catch (Exception e) {
            throw new LuaError("process.send: a " + v.typename() + " cannot be sent: " + e.getMessage());
        }
    }

    static LuaValue data(Payload p) {
        return switch (p) {
            case Payload.Text t -> LuaValue.valueOf(t.text());
            case Payload.Bytes b -> LuaString.valueOf(b.data());
            case Payload.Json j -> {
                try {
                    yield LuaValues.toLua(JSON.readValue(j.json(), Object.class));
                } catch (Exception e) {
                    yield LuaValue.valueOf(j.json());
                }
            }
        };
    }

    private static LuaTable message(Message m) {
        LuaTable msg = new LuaTable();
        LuaValue from =
                m.from() == null ? LuaValue.NIL : LuaValue.valueOf(m.from().toString());
        msg.set("topic", LuaValues.fn(a -> LuaValue.valueOf(m.topic())));
        msg.set("from", LuaValues.fn(a -> from));
        msg.set(
                "payload",
                LuaValues.fn(a -> payloadObject(
                        m.payloads().isEmpty() ? null : m.payloads().get(0))));
        msg.set("payloads", LuaValues.fn(a -> {
            LuaTable all = new LuaTable();
            for (int i = 0; i < m.payloads().size(); i++) {
                all.set(i + 1, payloadObject(m.payloads().get(i)));
            }
            return all;
        }));
        msg.set(
                "actor",
                LuaValues.fn(a -> m.origin().actor() == null
                        ? LuaValue.NIL
                        : LuaValue.valueOf(m.origin().actor().id())));
        return msg;
    }

    private static LuaTable payloadObject(Payload p) {
        LuaTable t = new LuaTable();
        t.set("data", LuaValues.fn(a -> p == null ? LuaValue.NIL : data(p)));
        return t;
    }

    private static LuaTable event(ProcessEvent e) {
        LuaTable t = new LuaTable();
        t.set("kind", e.kind().name());
        if (e.from() != null) {
            t.set("from", e.from().toString());
            t.set("pid", e.from().toString());
        }
        if (e.entryId() != null) {
            t.set("id", e.entryId());
        }
        if (e.kind() == ProcessEvent.Kind.CANCEL) {
            t.set("reason", e.reason() == null ? "" : e.reason());
        } else {
            LuaTable result = new LuaTable();
            result.set("value", LuaValues.toLua(e.value()));
            if (e.error() != null) {
                result.set("error", LuaErrors.of(e.error()));
                t.set("error", LuaErrors.of(e.error()));
            }
            t.set("result", result);
            t.set("value", LuaValues.toLua(e.value()));
            t.set("code", e.code());
        }
        return t;
    }

    // --- plumbing ----------------------------------------------------------------------------------

    private interface Op {
        Varargs run();
    }

    /** Runs {@code op}; a refusal (denied, not found, full mailbox) becomes {@code nil, err}. */
    /** What the process's {@code monitor}, {@code link} and their undoing do with the target pid. */
    private interface TargetOp {
        void apply(ActorSystem system, CallContext ctx, ActorProcess caller, String target);
    }

    private static Varargs guarded(Op op) {
        try {
            return op.run();
        } catch (WippyException e) {
            return LuaErrors.failure(e);
        } catch (IllegalArgumentException e) {
            return LuaErrors.failure(new WippyException(ErrorKind.INVALID, null, e.getMessage()));
        }
    }
}
