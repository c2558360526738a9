package ai.wippy.lua;

import ai.wippy.call.WippyException;
import ai.wippy.process.ProcessExit;
import ai.wippy.process.ProcessHost;
import ai.wippy.runtime.WasmRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The Lua {@code process} module: {@code spawn_monitored(id, host, ...args)} starts a
 * {@code process.wasm} entry and returns its pid; {@code events()} returns the channel of exit events
 * of the processes this call spawned, with {@code receive(timeout_ms)} giving
 * {@code {pid, id, code, value, error}} (or nil after the timeout). There is one process host per
 * runtime, so {@code host} is accepted and ignored.
 */
public final class LuaProcessModule implements LuaModule {

    @Override
    public String name() {
        return "process";
    }

    @Override
    public LuaValue create(Supplier<WasmRegistry> runtime, String entryId) {
        BlockingQueue<ProcessExit> events = new LinkedBlockingQueue<>();
        LuaTable channel = new LuaTable();
        channel.set("receive", fn(args -> {
            LuaValue timeout = args.arg1().istable() ? args.arg(2) : args.arg1();
            try {
                ProcessExit exit =
                        timeout.isnil() ? events.take() : events.poll(timeout.checklong(), TimeUnit.MILLISECONDS);
                return exit == null ? LuaValue.NIL : event(exit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LuaInterrupted();
            }
        }));
        LuaTable t = new LuaTable();
        t.set("spawn_monitored", fn(args -> {
            String id = args.checkjstring(1);
            List<String> argv = new ArrayList<>();
            for (int i = 3; i <= args.narg(); i++) {
                argv.add(args.arg(i).tojstring());
            }
            try {
                return LuaValue.valueOf((double) ProcessHost.of(runtime.get())
                        .spawnMonitored(id, argv, events)
                        .pid());
            } catch (WippyException e) {
                return LuaErrors.failure(e);
            } catch (RuntimeException e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.of(ai.wippy.call.ErrorKind.INVALID, e.getMessage()));
            }
        }));
        t.set("events", fn(args -> channel));
        return t;
    }

    private static LuaTable event(ProcessExit exit) {
        LuaTable e = new LuaTable();
        e.set("pid", LuaValue.valueOf((double) exit.pid()));
        e.set("id", exit.id());
        e.set("code", exit.code());
        e.set("value", LuaValues.toLua(exit.value()));
        if (exit.error() != null) {
            e.set("error", LuaErrors.of(exit.error()));
        }
        return e;
    }

    private interface Body {
        Varargs apply(Varargs args);
    }

    private static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }
}
