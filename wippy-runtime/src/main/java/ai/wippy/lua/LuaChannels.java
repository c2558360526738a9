package ai.wippy.lua;

import ai.wippy.registry.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Wippy's channels for Lua: {@code channel.new(size)}, {@code ch:send(v)}, {@code ch:receive()} ({@code
 * value, ok}), {@code ch:close()}, {@code ch:case_send(v)}, {@code ch:case_receive()} and {@code
 * channel.select{cases..., default = true}} returning {@code {channel, value, ok}} (or {@code
 * {default = true, ok = true}}); {@code time.after(d)} is a channel that receives once. The inbox,
 * topic and events channels of {@code process} are channels of the same kind, fed by the process's
 * mailbox and events. Waiting parks the call's virtual thread (no polling); an interrupt (the call's
 * deadline, a cancel) ends the wait.
 */
final class LuaChannels {

    private LuaChannels() {}

    /** Something a select can receive from (and maybe send to). */
    interface Source {
        /** {value, ok} when a receive can complete now; null otherwise. Only the thread of the call calls it. */
        LuaValue[] tryReceive();

        /** Whether a send can complete now; sends when it can. Receive-only sources refuse. */
        default boolean trySend(LuaValue v) {
            throw new LuaError("this channel is receive-only");
        }

        /** Asks to be woken when the source changes; returns how to stop. */
        Runnable watch(Waiter w);

        /** A receiver is waiting (unbuffered channels hand their values to waiting receivers). */
        default void receiving(int delta) {}
    }

    /** A parked thread that a source wakes. */
    static final class Waiter {
        private final Thread thread = Thread.currentThread();

        void signal() {
            LockSupport.unpark(thread);
        }

        /** Parks until signalled, the deadline (nanoTime; 0: none) or an interrupt. */
        void park(long deadline) {
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, deadline - System.nanoTime());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new LuaInterrupted();
            }
        }
    }

    /** A channel as Lua sees it: a table with the channel methods, identity-comparable. */
    static final class Channel extends LuaTable {
        final Source source;

        Channel(Source source) {
            this.source = source;
            set("send", LuaChannels.method((self, args) -> {
                send(self, args.arg(2));
                return LuaValue.TRUE;
            }));
            set("receive", LuaChannels.method((self, args) -> {
                LuaValue timeout = args.arg(2);
                long deadline = timeout.isnil() ? 0 : System.nanoTime() + Math.max(1, timeout.checklong()) * 1_000_000L;
                LuaValue[] r = receive(self.source, deadline);
                return r == null ? LuaValue.varargsOf(LuaValue.NIL, LuaValue.FALSE) : LuaValue.varargsOf(r);
            }));
            set("close", LuaChannels.method((self, args) -> {
                if (self.source instanceof Buffer b) {
                    b.close();
                }
                return LuaValue.NONE;
            }));
            set("case_receive", LuaChannels.method((self, args) -> {
                LuaTable c = new LuaTable();
                c.set("__case", "receive");
                c.set("channel", self);
                return c;
            }));
            set("case_send", LuaChannels.method((self, args) -> {
                LuaTable c = new LuaTable();
                c.set("__case", "send");
                c.set("channel", self);
                c.set("value", args.arg(2));
                return c;
            }));
        }
    }

    private interface Method {
        Varargs apply(Channel self, Varargs args);
    }

    private static VarArgFunction method(Method m) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!(args.arg1() instanceof Channel c)) {
                    throw new LuaError("call channel methods with ':' (ch:send(v), ch:receive())");
                }
                return m.apply(c, args);
            }
        };
    }

    static void send(Channel ch, LuaValue v) {
        if (ch.source.trySend(v)) {
            return;
        }
        Waiter w = new Waiter();
        Runnable stop = ch.source.watch(w);
        try {
            while (!ch.source.trySend(v)) {
                w.park(0);
            }
        } finally {
            stop.run();
        }
    }

    /** Receives, parking until a value arrives; null when {@code deadline} (nanoTime; 0: none) passes. */
    static LuaValue[] receive(Source s, long deadline) {
        LuaValue[] r = s.tryReceive();
        if (r != null) {
            return r;
        }
        Waiter w = new Waiter();
        Runnable stop = s.watch(w);
        s.receiving(1);
        try {
            while ((r = s.tryReceive()) == null) {
                if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                    return null;
                }
                w.park(deadline);
            }
            return r;
        } finally {
            s.receiving(-1);
            stop.run();
        }
    }

    /** A Lua channel: a buffer of {@code capacity} values; with capacity 0, values go to waiting receivers. */
    static final class Buffer implements Source {
        private final int capacity;
        private final ArrayDeque<LuaValue> values = new ArrayDeque<>();
        private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
        private int receivers;
        private boolean closed;

        Buffer(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public LuaValue[] tryReceive() {
            LuaValue[] out;
            synchronized (this) {
                if (!values.isEmpty()) {
                    out = new LuaValue[] {values.removeFirst(), LuaValue.TRUE};
                } else if (closed) {
                    return new LuaValue[] {LuaValue.NIL, LuaValue.FALSE};
                } else {
                    return null;
                }
            }
            wake();
            return out;
        }

        @Override
        public boolean trySend(LuaValue v) {
            synchronized (this) {
                if (closed) {
                    throw new LuaError("send on a closed channel");
                }
                if (values.size() >= Math.max(capacity, receivers)) {
                    return false;
                }
                values.addLast(v);
            }
            wake();
            return true;
        }

        /** Sends without blocking from Java (timers); false when full or closed. */
        boolean offer(LuaValue v) {
            synchronized (this) {
                if (closed || values.size() >= Math.max(capacity, 1)) {
                    return false;
                }
                values.addLast(v);
            }
            wake();
            return true;
        }

        @Override
        public void receiving(int delta) {
            synchronized (this) {
                receivers += delta;
            }
            if (delta > 0) {
                wake();
            }
        }

        void close() {
            synchronized (this) {
                closed = true;
            }
            wake();
        }

        @Override
        public Runnable watch(Waiter w) {
            waiters.add(w);
            return () -> waiters.remove(w);
        }

        private void wake() {
            waiters.forEach(Waiter::signal);
        }
    }

    /** A receive-only source over a Java queue: {@code poll} takes a value (or null); listeners as given. */
    static Source source(Supplier<LuaValue> poll, java.util.function.Function<Runnable, Runnable> listen) {
        return new Source() {
            @Override
            public LuaValue[] tryReceive() {
                LuaValue v = poll.get();
                return v == null ? null : new LuaValue[] {v, LuaValue.TRUE};
            }

            @Override
            public Runnable watch(Waiter w) {
                return listen.apply(w::signal);
            }
        };
    }

    /** {@code channel.select(cases)}: the first case that can complete, in order; parks until one can. */
    static LuaValue select(LuaTable cases) {
        List<LuaTable> list = new ArrayList<>();
        for (int i = 1; i <= cases.length(); i++) {
            LuaValue c = cases.get(i);
            if (!c.istable()
                    || !(c.get("channel") instanceof Channel)
                    || c.get("__case").isnil()) {
                throw new LuaError("channel.select: case " + i + " is not a ch:case_receive() or ch:case_send(v)");
            }
            list.add((LuaTable) c);
        }
        boolean dflt = cases.get("default").toboolean();
        LuaValue r = trySelect(list);
        if (r != null) {
            return r;
        }
        if (dflt) {
            LuaTable t = new LuaTable();
            t.set("default", LuaValue.TRUE);
            t.set("ok", LuaValue.TRUE);
            return t;
        }
        if (list.isEmpty()) {
            throw new LuaError("channel.select: no cases and no default");
        }
        Waiter w = new Waiter();
        List<Runnable> stops = new ArrayList<>();
        List<Source> receiving = new ArrayList<>();
        for (LuaTable c : list) {
            Source s = ((Channel) c.get("channel")).source;
            stops.add(s.watch(w));
            if (c.get("__case").tojstring().equals("receive")) {
                s.receiving(1);
                receiving.add(s);
            }
        }
        try {
            while ((r = trySelect(list)) == null) {
                w.park(0);
            }
            return r;
        } finally {
            receiving.forEach(s -> s.receiving(-1));
            stops.forEach(Runnable::run);
        }
    }

    private static LuaValue trySelect(List<LuaTable> cases) {
        for (LuaTable c : cases) {
            Channel ch = (Channel) c.get("channel");
            LuaTable out = new LuaTable();
            out.set("channel", ch);
            if (c.get("__case").tojstring().equals("receive")) {
                LuaValue[] r = ch.source.tryReceive();
                if (r != null) {
                    out.set("value", r[0]);
                    out.set("ok", r[1]);
                    return out;
                }
            } else if (ch.source.trySend(c.get("value"))) {
                out.set("value", c.get("value"));
                out.set("ok", LuaValue.TRUE);
                return out;
            }
        }
        return null;
    }

    /** The {@code channel} global. */
    static LuaTable module() {
        LuaTable t = new LuaTable();
        t.set("new", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int size = args.arg1().isnil() ? 0 : args.arg1().checkint();
                if (size < 0) {
                    throw new LuaError("channel.new: size must be 0 or more, got " + size);
                }
                return new Channel(new Buffer(size));
            }
        });
        t.set("select", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return select(args.checktable(1));
            }
        });
        return t;
    }

    /** {@code time.after(d)}: a channel that receives the firing time (seconds) once, after {@code d}. */
    static Channel after(LuaValue d) {
        Duration duration = Durations.parse(d.isnumber() ? (Object) d.todouble() : d.tojstring());
        Buffer b = new Buffer(1);
        Thread.ofVirtual().name("wippy-lua-timer").start(() -> {
            try {
                Thread.sleep(duration);
                b.offer(LuaValue.valueOf(System.currentTimeMillis() / 1000.0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new Channel(b);
    }
}
