package ai.wippy.lua;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The limits of one Lua call, enforced from inside LuaJ's interpreter loop (the instruction hook of
 * {@link DebugLib}, which the script cannot reach).
 *
 * <p>Time: the thread's interrupt flag (set by the call's deadline or cancellation) and, when one is
 * given, this guard's own deadline (used for a script's main chunk at load) are checked every 128
 * instructions, at every 8th call, and every few thousand steps inside the long built-ins (pattern
 * matching, sorting, {@code table.concat}); see {@link #checkpoint()}.
 *
 * <p>Memory: allocations are charged before they are made: the result of every {@code ..}
 * concatenation (computed from its operands before LuaJ builds it), new tables, closures and table
 * stores, and the results of the allocating built-ins ({@link #allocate(long, String)}). Charges
 * are a running estimate that includes garbage; when they pass the slack left under the budget,
 * the guard measures what the call really holds (everything reachable from the call's globals,
 * its active frames and their upvalues, see {@link #measure()}) and fails the call only if that
 * plus the new allocation is over the budget. The JVM's heap is never the limit a guest meets.
 */
final class LuaGuard extends DebugLib {

    private static final ThreadLocal<LuaGuard> CURRENT = new ThreadLocal<>();

    private static final int CHECK_MASK = 127;
    /** The deadline is read at every 8th call ({@link #callCheckpoint}). */
    private static final int CALL_CHECK_MASK = 7;

    /** Calls made so far, for {@link #callCheckpoint}. */
    private int calls;

    private static final long TABLE_BYTES = 64;
    private static final long SLOT_BYTES = 32;
    private static final long CLOSURE_BYTES = 64;
    private static final long STRING_BYTES = 40;

    private final long budget;
    private final String limitName;
    private long deadlineNanos;
    private int ticks;

    private long live;
    private long pending;
    private long slack;
    private long held;

    private LuaClosure[] closures = new LuaClosure[16];
    private LuaValue[][] stacks = new LuaValue[16][];
    private Varargs[] varargs = new Varargs[16];
    private int[] pcs = new int[16];
    private int[] tops = new int[16];
    private int depth;

    private Globals globals;
    private LuaTable stringLib;

    /**
     * @param budget bytes the call may hold
     * @param limitName how the limit is named in errors, e.g. {@code limits.max_memory_mb (64 MiB)}
     */
    LuaGuard(long budget, String limitName) {
        this.budget = budget;
        this.limitName = limitName;
        this.slack = budget;
    }

    /** DebugLib's own globals, which its call stack (tracebacks) reads; LuaJ sets it only from its package. */
    private static final java.lang.invoke.VarHandle DEBUG_GLOBALS;

    static {
        try {
            DEBUG_GLOBALS = java.lang.invoke.MethodHandles.privateLookupIn(
                            DebugLib.class, java.lang.invoke.MethodHandles.lookup())
                    .findVarHandle(DebugLib.class, "globals", Globals.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Installs this guard as the debug library of {@code g}, as loading it would, without the
     * {@code debug} table a load builds: the script gets no {@code debug} global.
     */
    void install(Globals g) {
        DEBUG_GLOBALS.set(this, g);
        g.debuglib = this;
        this.globals = g;
    }

    /** The guard of the Lua call running on this thread, or {@code null}. */
    static LuaGuard current() {
        return CURRENT.get();
    }

    /** Makes this guard (and its string library) the current one; returns the one to restore. */
    LuaGuard enter(LuaTable strings) {
        this.stringLib = strings;
        LuaGuard previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    static void exit(LuaGuard previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** This call's own {@code string} table, the one string methods ({@code s:upper()}) resolve to. */
    LuaTable stringLib() {
        return stringLib;
    }

    /** A deadline of this guard's own (for code that runs outside any call, such as a main chunk at load). */
    void deadline(long nanos) {
        this.deadlineNanos = nanos;
    }

    boolean deadlinePassed() {
        return deadlineNanos != 0L && System.nanoTime() - deadlineNanos >= 0;
    }

    long budget() {
        return budget;
    }

    // --- time ------------------------------------------------------------------------------------

    /** Stops the script if its thread was interrupted or its deadline passed. */
    void checkpoint() {
        if (Thread.currentThread().isInterrupted() || deadlinePassed()) {
            throw new LuaInterrupted();
        }
    }

    /**
     * Before a call instruction (both tiers): the full {@link #checkpoint()} (the thread's interrupt
     * and the deadline) at every 8th call. Even the interrupt's read was a few percent of a short
     * call's cost (a loop of {@code funcs.call}), and the clock read about a tenth; the tick
     * checkpoint still runs every 128 instructions, and a registry function a script calls runs
     * under the same deadline and interrupt, so a late or cancelled script stops within 8 calls or
     * 128 instructions, whichever comes first.
     */
    void callCheckpoint() {
        if ((++calls & CALL_CHECK_MASK) == 0) {
            checkpoint();
        }
    }

    /** For built-ins that loop: a checkpoint every 4096 steps. */
    void step(int steps) {
        if ((steps & 4095) == 0) {
            checkpoint();
        }
    }

    // --- the interpreter hook ----------------------------------------------------------------------

    // LuaJ's own call stack (DebugLib.CallStack, for tracebacks) is a synchronized object: feeding it
    // every instruction was most of a script's cost. The guard keeps the pc of each frame itself and
    // hands it to LuaJ only when LuaJ reads it: when a frame is pushed on top of it (so the caller's
    // line and the called function's name are right) and when a traceback is built.
    //
    // The hook runs before every instruction, so it is kept small enough for the JIT to inline into
    // LuaJ's interpreter loop: it records the top frame's position in two fields and tests one bit
    // of WATCHED for the instruction's opcode; the tick count and the watched opcodes (calls,
    // allocations) are handled out of line.

    /** The opcodes the hook acts on: calls (a time checkpoint) and those that allocate (a charge). */
    static final long WATCHED = 1L << Lua.OP_CALL
            | 1L << Lua.OP_TAILCALL
            | 1L << Lua.OP_CONCAT
            | 1L << Lua.OP_NEWTABLE
            | 1L << Lua.OP_SETTABLE
            | 1L << Lua.OP_SETTABUP
            | 1L << Lua.OP_SETLIST
            | 1L << Lua.OP_CLOSURE;

    /** The code of the top frame's closure ({@code null} when the top frame is not a closure). */
    private int[] code;
    /** The top frame's pc and stack top; a frame under it keeps its own in {@link #pcs} and {@link #tops}. */
    private int pc;

    private int top;

    @Override
    public void onCall(LuaFunction f) {
        flushPc();
        super.onCall(f);
        push(null, null, null);
    }

    @Override
    public void onCall(LuaClosure c, Varargs args, LuaValue[] stack) {
        flushPc();
        super.onCall(c, args, stack);
        push(c, stack, args);
    }

    @Override
    public void onReturn() {
        super.onReturn();
        if (depth > 0) {
            depth--;
            closures[depth] = null;
            stacks[depth] = null;
            varargs[depth] = null;
            LuaClosure under = depth > 0 ? closures[depth - 1] : null;
            code = under == null ? null : under.p.code;
            pc = depth > 0 ? pcs[depth - 1] : 0;
            top = depth > 0 ? tops[depth - 1] : 0;
        }
    }

    @Override
    public String traceback(int level) {
        flushPc();
        return super.traceback(level);
    }

    /** Gives LuaJ's call stack the pc the top frame is at (see above). */
    private void flushPc() {
        if (code != null) {
            super.onInstruction(pc, varargs[depth - 1], top);
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        this.pc = pc;
        this.top = top;
        int[] c = code;
        int i = c == null ? 0 : c[pc];
        if ((++ticks & CHECK_MASK) == 0 | (WATCHED >>> (i & 0x3f) & 1L) != 0) {
            watched(i, top);
        }
    }

    /** The hook's work on a tick due for a checkpoint or a watched instruction {@code i}. */
    private void watched(int i, int top) {
        if ((ticks & CHECK_MASK) == 0) {
            checkpoint();
        }
        if (code != null) {
            watch(i, top);
        }
    }

    // --- compiled frames (LuaCompiledClosure) report here instead of through onInstruction ----------

    /**
     * A compiled basic block of {@code n} instructions starts: the same count the hook keeps one
     * instruction at a time, with the checkpoint due when it passes a multiple of 128.
     */
    void ticks(int n) {
        int t = ticks;
        ticks = t + n;
        if ((t & CHECK_MASK) + n > CHECK_MASK) {
            checkpoint();
        }
    }

    /**
     * An error leaves a compiled block before its last {@code n} instructions: they were counted when
     * the block began and the interpreter never counts them; a script that catches the error goes on
     * from the same count in both tiers.
     */
    void refund(int n) {
        ticks -= n;
    }

    /** The compiled top frame is at {@code pc} (for the line of an error, a traceback or a call it makes). */
    void at(int pc) {
        this.pc = pc;
    }

    int pc() {
        return pc;
    }

    /** The instructions counted so far (both tiers count the same). */
    int ticks() {
        return ticks;
    }

    /** What the hook does for instruction {@code i} of the top frame when it is a watched one (WATCHED). */
    void watch(int i, int top) {
        switch (i & 0x3f) {
            case Lua.OP_CALL, Lua.OP_TAILCALL -> callCheckpoint();
            case Lua.OP_CONCAT -> concat(stacks[depth - 1], i >>> 23, (i >> 14) & 0x1ff);
            case Lua.OP_NEWTABLE -> allocate(TABLE_BYTES + SLOT_BYTES * ((i >>> 23) + ((i >> 14) & 0x1ff)), "a table");
            case Lua.OP_SETTABLE, Lua.OP_SETTABUP -> allocate(SLOT_BYTES, "a table");
            case Lua.OP_SETLIST -> {
                int b = i >>> 23;
                allocate(SLOT_BYTES * (b != 0 ? b : Math.max(1, top - ((i >> 6) & 0xff) - 1)), "a table");
            }
            case Lua.OP_CLOSURE -> allocate(CLOSURE_BYTES, "a closure");
            default -> {}
        }
    }

    /** R(A) := R(B) .. ... .. R(C): the result's size is known before LuaJ allocates it. */
    private void concat(LuaValue[] stack, int b, int c) {
        long total = 0;
        for (int k = b; k <= c; k++) {
            LuaValue x = stack[k];
            if (x instanceof LuaString s) {
                total += s.m_length;
            } else if (x.isnumber()) {
                total += 24;
            }
        }
        allocate(STRING_BYTES + total, "a string");
    }

    private void push(LuaClosure c, LuaValue[] stack, Varargs args) {
        if (depth == closures.length) {
            int n = depth * 2;
            closures = java.util.Arrays.copyOf(closures, n);
            stacks = java.util.Arrays.copyOf(stacks, n);
            varargs = java.util.Arrays.copyOf(varargs, n);
            pcs = java.util.Arrays.copyOf(pcs, n);
            tops = java.util.Arrays.copyOf(tops, n);
        }
        if (depth > 0) {
            pcs[depth - 1] = pc;
            tops[depth - 1] = top;
        }
        closures[depth] = c;
        stacks[depth] = stack;
        varargs[depth] = args;
        depth++;
        code = c == null ? null : c.p.code;
        pc = 0;
        top = 0;
    }

    // --- memory ----------------------------------------------------------------------------------

    /**
     * Charges an allocation of about {@code bytes} before it is made; fails the call with the limit's
     * name if what the call holds plus this would be over the budget.
     */
    void allocate(long bytes, String what) {
        if (bytes <= 0) {
            return;
        }
        if (bytes > budget) {
            throw exceeded(what + " of " + mib(bytes));
        }
        if (pending + bytes > slack) {
            measure();
            if (live + bytes > budget) {
                throw exceeded(what + " of " + mib(bytes) + " on top of the " + mib(live) + " it holds");
            }
        }
        pending += bytes;
    }

    /** Charges Java-side copies (for example of values leaving Lua) until {@link #release(long)}. */
    void hold(long bytes, String what) {
        allocate(bytes, what);
        held += bytes;
    }

    void release(long bytes) {
        held = Math.max(0, held - bytes);
    }

    private LuaLimitExceeded exceeded(String what) {
        return new LuaLimitExceeded(
                "memory limit exceeded: the call needs " + what + ", more than " + limitName + " allows");
    }

    private static String mib(long bytes) {
        return bytes >= 1 << 20
                ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(java.util.Locale.ROOT, "%d KiB", Math.max(1, bytes >> 10));
    }

    /**
     * Measures what the call holds: every table, string and closure reachable from its globals, the
     * registers and arguments of its active frames and their upvalues, plus the Java-side copies it
     * holds. Resets the running estimate.
     */
    long measure() {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<LuaValue> work = new ArrayDeque<>();
        if (globals != null) {
            work.push(globals);
        }
        for (int f = 0; f < depth; f++) {
            if (closures[f] != null) {
                work.push(closures[f]);
            }
            LuaValue[] stack = stacks[f];
            if (stack != null) {
                for (LuaValue x : stack) {
                    if (x != null && heavy(x)) {
                        work.push(x);
                    }
                }
            }
            Varargs args = varargs[f];
            if (args != null) {
                for (int a = 1, n = args.narg(); a <= n; a++) {
                    LuaValue x = args.arg(a);
                    if (heavy(x)) {
                        work.push(x);
                    }
                }
            }
        }
        long size = 0;
        int visited = 0;
        while (!work.isEmpty()) {
            LuaValue v = work.pop();
            step(++visited);
            if (v instanceof LuaString s) {
                if (s.m_length > 32 && seen.put(s.m_bytes, Boolean.TRUE) == null) {
                    size += STRING_BYTES + s.m_bytes.length;
                }
            } else if (v instanceof LuaTable t) {
                if (seen.put(t, Boolean.TRUE) == null) {
                    size += TABLE_BYTES;
                    LuaValue mt = t.getmetatable();
                    if (mt != null) {
                        work.push(mt);
                    }
                    for (LuaValue k = LuaValue.NIL; ; ) {
                        Varargs n = t.next(k);
                        k = n.arg1();
                        if (k.isnil()) {
                            break;
                        }
                        size += SLOT_BYTES;
                        LuaValue x = n.arg(2);
                        if (heavy(k)) {
                            work.push(k);
                        }
                        if (heavy(x)) {
                            work.push(x);
                        }
                        step(++visited);
                    }
                }
            } else if (v instanceof LuaClosure c) {
                if (seen.put(c, Boolean.TRUE) == null) {
                    size += CLOSURE_BYTES;
                    for (UpValue u : c.upValues) {
                        if (u != null) {
                            LuaValue x = u.getValue();
                            if (x != null && heavy(x)) {
                                work.push(x);
                            }
                        }
                    }
                }
            }
        }
        live = size + held;
        pending = 0;
        slack = Math.max(budget - live, budget / 8);
        return live;
    }

    private static boolean heavy(LuaValue x) {
        return x instanceof LuaString s ? s.m_length > 32 : x instanceof LuaTable || x instanceof LuaClosure;
    }
}
