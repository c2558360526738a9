package ai.wippy.lua;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.registry.Durations;
import ai.wippy.security.NetworkAccess;
import ai.wippy.spi.RunningRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The Lua {@code http_client} module, Wippy's API on Reactor Netty: {@code get}, {@code post},
 * {@code put}, {@code patch}, {@code delete}, {@code head} ({@code (url, options)}) and {@code
 * request(method, url, options)} return {@code response, err}; options {@code headers}, {@code body},
 * {@code query}, {@code form}, {@code auth = {user, pass}}, {@code timeout} (seconds, or {@code "5s"}),
 * {@code max_response_body} (bytes); a response has {@code status_code}, {@code body}, {@code
 * body_size}, {@code headers} and {@code url}. Also {@code encode_uri}, {@code decode_uri}.
 *
 * <p>Every request is a policy decision for the calling context (see {@link NetworkAccess}): {@code
 * http_client.request} on the URL, and {@code http_client.private_ip} on the address when the host
 * is or resolves to a private one (loopback, 10/8, 192.168/16, ...). A denial is {@code nil, err}
 * with kind {@code PERMISSION_DENIED}. The caller's thread (a virtual thread) parks while Netty
 * works; the response body counts against the call's memory budget; the call's deadline bounds the
 * request.
 */
final class LuaHttpClient {

    /** Shares Reactor Netty's global connection pool and event loops (as wasi:http does). */
    private static final HttpClient CLIENT = HttpClient.create();

    static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private LuaHttpClient() {}

    static LuaTable create(Supplier<RunningRegistry> runtime, String entryId) {
        LuaTable t = new LuaTable();
        for (String m : List.of("get", "post", "put", "patch", "delete", "head")) {
            String method = m.toUpperCase(Locale.ROOT);
            t.set(m, new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return send(runtime, entryId, method, args.checkjstring(1), args.arg(2));
                }
            });
        }
        t.set("request", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return send(
                        runtime,
                        entryId,
                        args.checkjstring(1).toUpperCase(Locale.ROOT),
                        args.checkjstring(2),
                        args.arg(3));
            }
        });
        t.set("encode_uri", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(URLEncoder.encode(args.checkjstring(1), StandardCharsets.UTF_8));
            }
        });
        t.set("decode_uri", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return LuaValue.valueOf(URLDecoder.decode(args.checkjstring(1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.of(ErrorKind.INVALID, e.getMessage()));
                }
            }
        });
        return t;
    }

    private static Varargs fail(ErrorKind kind, String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.of(kind, message));
    }

    private static Varargs send(
            Supplier<RunningRegistry> runtime, String entryId, String method, String url, LuaValue options) {
        LuaTable opts = options.istable() ? (LuaTable) options : new LuaTable();
        URI uri;
        try {
            uri = withQuery(new URI(url), opts.get("query"));
        } catch (java.net.URISyntaxException e) {
            return fail(ErrorKind.INVALID, "http_client: '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return fail(ErrorKind.INVALID, "http_client: '" + url + "' is not an http or https URL with a host");
        }
        NetworkAccess access = new NetworkAccess(runtime.get().accessGuard());
        String target = uri.toString();
        if (!access.permits(entryId, NetworkAccess.HTTP_REQUEST, target)) {
            return fail(ErrorKind.PERMISSION_DENIED, "not allowed: " + NetworkAccess.HTTP_REQUEST + " " + target);
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (NetworkAccess.isPrivate(a)
                        && !access.permits(entryId, NetworkAccess.HTTP_PRIVATE_IP, a.getHostAddress())) {
                    return fail(
                            ErrorKind.PERMISSION_DENIED,
                            "not allowed: private IP " + a.getHostAddress() + " (" + NetworkAccess.HTTP_PRIVATE_IP
                                    + ")");
                }
            }
        } catch (UnknownHostException e) {
            return fail(ErrorKind.INTERNAL, "http_client: cannot resolve " + host);
        }
        Duration timeout;
        long maxBody;
        byte[] body;
        try {
            timeout = timeout(opts.get("timeout"));
            LuaValue max = opts.get("max_response_body");
            maxBody = max.isnil() || max.tolong() <= 0 ? DEFAULT_MAX_BODY : max.checklong();
            body = body(opts);
        } catch (IllegalArgumentException e) {
            return fail(ErrorKind.INVALID, "http_client: " + e.getMessage());
        }
        CallContext ctx = CallContext.current();
        if (ctx.hasDeadline()) {
            Duration left = Duration.ofNanos(Math.max(1, ctx.remainingNanos()));
            if (left.compareTo(timeout) < 0) {
                timeout = left;
            }
        }
        HttpClient client = CLIENT.responseTimeout(timeout).headers(h -> {
            LuaValue headers = opts.get("headers");
            if (headers.istable()) {
                for (LuaValue k = headers.next(LuaValue.NIL).arg1();
                        !k.isnil();
                        k = headers.next(k).arg1()) {
                    h.add(k.tojstring(), headers.get(k).tojstring());
                }
            }
            if (opts.get("form").istable() && !h.contains("Content-Type")) {
                h.set("Content-Type", "application/x-www-form-urlencoded");
            }
            LuaValue auth = opts.get("auth");
            if (auth.istable()) {
                String pair =
                        auth.get("user").optjstring("") + ":" + auth.get("pass").optjstring("");
                h.set(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
        });
        LuaGuard guard = LuaGuard.current();
        long limit = maxBody;
        Mono<Response> exchange = client.request(HttpMethod.valueOf(method))
                .uri(uri)
                .send(body == null ? Mono.empty() : Mono.just(Unpooled.wrappedBuffer(body)))
                .responseSingle((resp, content) -> content.asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .map(bytes -> {
                            if (bytes.length > limit) {
                                throw new BodyTooLarge(bytes.length, limit);
                            }
                            Map<String, String> headers = new java.util.LinkedHashMap<>();
                            resp.responseHeaders()
                                    .forEach(e -> headers.merge(e.getKey(), e.getValue(), (a, b) -> a + ", " + b));
                            return new Response(resp.status().code(), headers, bytes, resp.resourceUrl());
                        }))
                .timeout(timeout.plusMillis(100));
        Response r;
        try {
            r = exchange.block();
        } catch (BodyTooLarge e) {
            return fail(ErrorKind.INVALID, e.getMessage());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw new LuaInterrupted();
            }
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return fail(
                        ErrorKind.INTERNAL,
                        "http_client: " + method + " " + target + " timed out after " + timeout.toMillis() + " ms");
            }
            return fail(ErrorKind.INTERNAL, "http_client: " + method + " " + target + " failed: " + cause);
        }
        if (guard != null) {
            guard.allocate(r.body().length + 64L * r.headers().size(), "an HTTP response");
        }
        LuaTable out = new LuaTable();
        out.set("status_code", r.status());
        out.set("body", LuaString.valueOf(r.body()));
        out.set("body_size", r.body().length);
        LuaTable headers = new LuaTable();
        r.headers().forEach(headers::set);
        out.set("headers", headers);
        out.set("url", r.url() == null ? target : r.url());
        return out;
    }

    private record Response(int status, Map<String, String> headers, byte[] body, String url) {}

    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(long size, long limit) {
            super("http_client: the response body (" + size + " bytes) is larger than max_response_body (" + limit
                    + " bytes)");
        }
    }

    private static Duration timeout(LuaValue v) {
        if (v.isnil()) {
            return DEFAULT_TIMEOUT;
        }
        Duration d = v.isnumber() ? Duration.ofMillis((long) (v.todouble() * 1000)) : Durations.parse(v.tojstring());
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + v.tojstring());
        }
        return d;
    }

    private static byte[] body(LuaTable opts) {
        LuaValue body = opts.get("body");
        if (body.isstring()) {
            LuaString s = body.strvalue();
            byte[] out = new byte[s.m_length];
            s.copyInto(0, out, 0, out.length);
            return out;
        }
        LuaValue form = opts.get("form");
        if (form.istable()) {
            return encode(form).getBytes(StandardCharsets.UTF_8);
        }
        if (!body.isnil()) {
            throw new IllegalArgumentException("body must be a string, got a " + body.typename());
        }
        return null;
    }

    private static String encode(LuaValue table) {
        StringBuilder sb = new StringBuilder();
        for (LuaValue k = table.next(LuaValue.NIL).arg1();
                !k.isnil();
                k = table.next(k).arg1()) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k.tojstring(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(table.get(k).tojstring(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static URI withQuery(URI uri, LuaValue query) throws java.net.URISyntaxException {
        if (!query.istable()) {
            return uri;
        }
        String extra = encode(query);
        if (extra.isEmpty()) {
            return uri;
        }
        String raw = uri.toString();
        return new URI(raw + (uri.getRawQuery() == null ? "?" : "&") + extra);
    }
}
