package ai.wippy.lua;

import ai.wippy.call.ErrorKind;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code require("hash")}, Wippy's hash module: {@code md5}, {@code sha1}, {@code sha256}, {@code
 * sha512} of {@code (data, raw?)}, {@code hmac_md5}, {@code hmac_sha1}, {@code hmac_sha256}, {@code
 * hmac_sha512} of {@code (data, secret, raw?)}, each returning lowercase hex (or the raw bytes when
 * {@code raw} is true) and nil; {@code fnv32} and {@code fnv64} (FNV-1) of {@code (data)} returning a
 * number. Data or a secret that is not a string returns {@code (nil, err)} with kind {@code INVALID}.
 * The data is read in place from the Lua string (already within the call's memory budget); no copy
 * of it is made.
 */
public final class LuaHashModule {

    private LuaHashModule() {}

    /** The {@code hash} module ({@link LuaModule#of}). */
    public static LuaModule module() {
        return LuaModule.of("hash", (runtime, entryId) -> functions());
    }

    /** A fresh table of the module's functions: they need neither the runtime nor the calling entry. */
    private static LuaTable functions() {
        LuaTable t = new LuaTable();
        for (String[] d :
                new String[][] {{"md5", "MD5"}, {"sha1", "SHA-1"}, {"sha256", "SHA-256"}, {"sha512", "SHA-512"}}) {
            t.set(d[0], digest(d[1]));
        }
        for (String[] m : new String[][] {
            {"hmac_md5", "HmacMD5"},
            {"hmac_sha1", "HmacSHA1"},
            {"hmac_sha256", "HmacSHA256"},
            {"hmac_sha512", "HmacSHA512"}
        }) {
            t.set(m[0], hmac(m[1]));
        }
        t.set("fnv32", fnv(false));
        t.set("fnv64", fnv(true));
        return t;
    }

    private static Varargs invalid(String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.of(ErrorKind.INVALID, message));
    }

    /** A string argument (a number is not one, as in Wippy), or null. */
    private static LuaString string(LuaValue v) {
        return v.type() == LuaValue.TSTRING ? v.checkstring() : null;
    }

    private static LuaValue out(byte[] bytes, boolean raw) {
        return raw ? LuaValue.valueOf(bytes) : LuaValue.valueOf(HexFormat.of().formatHex(bytes));
    }

    /** A function of {@code (data, ...)}: data that is not a string returns {@code (nil, err)}, else the body's result. */
    private static VarArgFunction ofData(java.util.function.BiFunction<LuaString, Varargs, Varargs> body) {
        return LuaValues.fn(args -> {
            LuaString data = string(args.arg1());
            return data == null ? invalid("data must be a string") : body.apply(data, args);
        });
    }

    private static VarArgFunction digest(String algorithm) {
        return ofData((data, args) -> {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new LuaError("hash: " + algorithm + " is not available");
            }
            md.update(data.m_bytes, data.m_offset, data.m_length);
            return LuaValue.varargsOf(out(md.digest(), args.arg(2).toboolean()), LuaValue.NIL);
        });
    }

    private static VarArgFunction hmac(String algorithm) {
        return ofData((data, args) -> {
            LuaString secret = string(args.arg(2));
            if (secret == null) {
                return invalid("secret must be a string");
            }
            try {
                Mac mac = Mac.getInstance(algorithm);
                // an empty key is a valid HMAC key (RFC 2104); SecretKeySpec refuses it, so pad it to one zero
                // byte,
                // which HMAC's key padding makes the same key
                byte[] key = secret.m_length == 0
                        ? new byte[1]
                        : java.util.Arrays.copyOfRange(
                                secret.m_bytes, secret.m_offset, secret.m_offset + secret.m_length);
                mac.init(new SecretKeySpec(key, algorithm));
                mac.update(data.m_bytes, data.m_offset, data.m_length);
                return LuaValue.varargsOf(out(mac.doFinal(), args.arg(3).toboolean()), LuaValue.NIL);
            } catch (java.security.GeneralSecurityException e) {
                throw new LuaError("hash: " + algorithm + ": " + e.getMessage());
            }
        });
    }

    private static VarArgFunction fnv(boolean wide) {
        return ofData((data, args) -> {
            byte[] b = data.m_bytes;
            int end = data.m_offset + data.m_length;
            if (wide) {
                long h = 0xcbf29ce484222325L;
                for (int k = data.m_offset; k < end; k++) {
                    h *= 0x100000001b3L;
                    h ^= b[k] & 0xff;
                }
                // an unsigned 64-bit value as a Lua number (a double), as Wippy's is
                double d = Double.parseDouble(Long.toUnsignedString(h));
                return LuaValue.varargsOf(LuaValue.valueOf(d), LuaValue.NIL);
            }
            int h = 0x811c9dc5;
            for (int k = data.m_offset; k < end; k++) {
                h *= 0x01000193;
                h ^= b[k] & 0xff;
            }
            return LuaValue.varargsOf(LuaValue.valueOf((double) Integer.toUnsignedLong(h)), LuaValue.NIL);
        });
    }
}
