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

    /** What an error object holds; {@code cause} is the failure it was made from, or null. */
    record Error(ErrorKind kind, String message, WippyException cause) {}

    /** Error objects are userdata, as Wippy's are: {@code type(err) == "userdata"}, methods through the metatable. */
    private static final LuaTable META = new LuaTable();

    static {
        LuaTable methods = new LuaTable();
        methods.set("kind", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(errorOf(self).kind().name());
            }
        });
        methods.set("message", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(errorOf(self).message());
            }
        });
        META.set("__index", methods);
        META.set("__tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                Error e = errorOf(self);
                return LuaValue.valueOf(e.kind() + ": " + e.message());
            }
        });
        META.set("__metatable", LuaValue.FALSE);
    }

    private static Error errorOf(LuaValue v) {
        if (v.isuserdata(Error.class)) {
            return (Error) v.touserdata(Error.class);
        }
        throw new org.luaj.vm2.LuaError("expected an error object, got " + v.typename());
    }

    static LuaValue of(ErrorKind kind, String message) {
        return LuaValue.userdataOf(new Error(kind, message, null), META);
    }

    static LuaValue of(WippyException e) {
        // the failure itself, so that a function passing the error on keeps it as the cause (the
        // log then reports the failure once, where it happened)
        return LuaValue.userdataOf(new Error(e.kind(), e.detail(), e), META);
    }

    /** The failure an error object was made from, or {@code null} for errors Lua code made itself. */
    static WippyException causeOf(LuaValue err) {
        return err.isuserdata(Error.class) ? ((Error) err.touserdata(Error.class)).cause() : null;
    }

    /** The (nil, err) pair Lua functions return on failure. */
    static Varargs failure(WippyException e) {
        return LuaValue.varargsOf(LuaValue.NIL, of(e));
    }

    /** The kind of an error value raised or returned by Lua code: an error object's, or the default. */
    static ErrorKind kindOf(LuaValue err, ErrorKind dflt) {
        return err.isuserdata(Error.class) ? ((Error) err.touserdata(Error.class)).kind() : dflt;
    }

    static String messageOf(LuaValue err) {
        return err.isuserdata(Error.class) ? ((Error) err.touserdata(Error.class)).message() : err.tojstring();
    }
}
