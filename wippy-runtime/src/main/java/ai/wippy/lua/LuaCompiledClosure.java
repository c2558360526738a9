package ai.wippy.lua;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Upvaldesc;
import org.luaj.vm2.Varargs;

/**
 * A Lua closure whose prototype runs as JVM bytecode ({@link LuaCodegen} writes a subclass per
 * prototype; {@link LuaCompiled} defines it). It is a {@link LuaClosure}, so everything that looks
 * at closures (LuaJ's call stack and tracebacks, {@link LuaGuard#measure()}, {@code upValues}) sees it
 * as it sees an interpreted one; only {@code execute} differs. That keeps the frame's life as the
 * interpreter keeps it: the guard's {@code onCall} with the frame's register array (the same
 * {@code LuaValue[]} the compiled code works on, so {@code measure()} sees its registers), open
 * upvalues closed and {@code onReturn} on the way out, and an error's file:line and traceback added
 * at the frame where it is first caught, from the pc the compiled code last reported to the guard.
 */
abstract class LuaCompiledClosure extends LuaClosure {

    /** LuaError's file:line, traceback and level, which LuaJ sets only from inside its own package. */
    private static final VarHandle FILELINE;

    private static final VarHandle TRACEBACK;
    private static final VarHandle LEVEL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(LuaError.class, MethodHandles.lookup());
            FILELINE = l.findVarHandle(LuaError.class, "fileline", String.class);
            TRACEBACK = l.findVarHandle(LuaError.class, "traceback", String.class);
            LEVEL = l.findVarHandle(LuaError.class, "level", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Globals globals;
    private final LuaCompiled unit;
    /** The prototype's constants, read by the compiled code. */
    protected final LuaValue[] k;

    protected LuaCompiledClosure(Prototype p, LuaValue env, LuaCompiled unit) {
        super(p, env);
        this.globals = env instanceof Globals g ? g : null;
        this.unit = unit;
        this.k = p.k;
    }

    /** The compiled body: the instructions from pc 0, on {@code stack}, reporting to {@code g}. */
    protected abstract Varargs run(LuaValue[] stack, Varargs varargs, UpValue[] openups, LuaGuard g);

    @Override
    protected final Varargs execute(LuaValue[] stack, Varargs varargs) {
        LuaGuard g = globals != null && globals.debuglib instanceof LuaGuard lg ? lg : null;
        if (g == null) {
            // no guard to report to (or another debug library): the interpreter keeps its behaviour
            return super.execute(stack, varargs);
        }
        UpValue[] openups = p.p.length > 0 ? new UpValue[stack.length] : null;
        g.onCall(this, varargs, stack);
        try {
            return run(stack, varargs, openups, g);
        } catch (LuaError le) {
            g.refund(unit.rest(g.pc()));
            if (TRACEBACK.get(le) == null) {
                errorHooks(le, g.pc());
            }
            throw le;
        } catch (Exception e) {
            g.refund(unit.rest(g.pc()));
            LuaError le = new LuaError(e);
            errorHooks(le, g.pc());
            throw le;
        } finally {
            if (openups != null) {
                LuaOps.close(openups, 0);
            }
            g.onReturn();
        }
    }

    /** As the interpreter does where an error first leaves a Lua frame: where it happened, and the traceback. */
    private void errorHooks(LuaError le, int pc) {
        FILELINE.set(
                le,
                (p.source != null ? p.source.tojstring() : "?") + ":"
                        + (p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length
                                ? String.valueOf(p.lineinfo[pc])
                                : "?"));
        TRACEBACK.set(le, errorHook(le.getMessage(), (int) LEVEL.get(le)));
    }

    private String errorHook(String msg, int level) {
        LuaThread r = globals.running;
        LuaValue handler = r.errorfunc;
        if (handler == null) {
            return globals.debuglib != null ? msg + "\n" + globals.debuglib.traceback(level) : msg;
        }
        r.errorfunc = null;
        try {
            return handler.call(LuaValue.valueOf(msg)).tojstring();
        } catch (Throwable t) {
            return "error in error handling";
        } finally {
            r.errorfunc = handler;
        }
    }

    /** CLOSURE: {@code R(A) := closure(KPROTO[Bx])}, compiled when its prototype compiled, its upvalues bound. */
    protected final void closure(LuaValue[] stack, UpValue[] openups, int i) {
        int bx = i >>> 14;
        LuaClosure ncl = unit.child(bx).closure(globals);
        Upvaldesc[] uv = p.p[bx].upvalues;
        for (int j = 0; j < uv.length; ++j) {
            ncl.upValues[j] = uv[j].instack ? LuaOps.findupval(stack, uv[j].idx, openups) : upValues[uv[j].idx];
        }
        stack[(i >> 6) & 0xff] = ncl;
    }
}
