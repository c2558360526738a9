package ai.wippy.lua;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;

/** Error objects Lua code sees: {@code err:kind()}, {@code err:message()}, and {@code tostring(err)}. */
final class LuaErrors {

    private LuaErrors() {}

    static LuaTable of(ErrorKind kind, String message) {
        LuaTable err = new LuaTable();
        err.set("__kind", kind.name());
        err.set("__message", message);
        err.set("kind", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(kind.name());
            }
        });
        err.set("message", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(message);
            }
        });
        LuaTable meta = new LuaTable();
        meta.set("__tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(kind + ": " + message);
            }
        });
        err.setmetatable(meta);
        return err;
    }

    static LuaTable of(WippyException e) {
        LuaTable err = of(e.kind(), e.detail());
        // the failure itself, so that a function passing the error on keeps it as the cause (the
        // log then reports the failure once, where it happened); Lua code sees an opaque userdata
        err.set(CAUSE, LuaValue.userdataOf(e));
        return err;
    }

    private static final String CAUSE = "__cause";

    /** The failure an error object was made from, or {@code null} for errors Lua code made itself. */
    static WippyException causeOf(LuaValue err) {
        if (err.istable()) {
            LuaValue c = err.get(CAUSE);
            if (c.isuserdata(WippyException.class)) {
                return (WippyException) c.touserdata(WippyException.class);
            }
        }
        return null;
    }

    /** The (nil, err) pair Lua functions return on failure. */
    static Varargs failure(WippyException e) {
        return LuaValue.varargsOf(LuaValue.NIL, of(e));
    }

    /** The kind of an error value raised or returned by Lua code: an error object's, or the default. */
    static ErrorKind kindOf(LuaValue err, ErrorKind dflt) {
        if (err.istable()) {
            LuaValue k = err.get("__kind");
            if (k.isstring()) {
                try {
                    return ErrorKind.valueOf(k.tojstring());
                } catch (IllegalArgumentException ignored) {
                    return dflt;
                }
            }
        }
        return dflt;
    }

    static String messageOf(LuaValue err) {
        if (err.istable() && err.get("__message").isstring()) {
            return err.get("__message").tojstring();
        }
        return err.tojstring();
    }
}
