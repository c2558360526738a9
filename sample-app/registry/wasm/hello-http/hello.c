// A wasi:http incoming handler in freestanding C (no libc): it answers every request with
// 200, content-type text/plain, x-served-by: wasm and "hello from a wasm component: METHOD PATH".
// Every import is declared with the canonical-ABI core signature of its WIT function; results
// wider than one value come back through a return area (see build.sh).

typedef unsigned char u8;
typedef unsigned int u32;
typedef long long i64;

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))
#define TYPES "wasi:http/types@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

IMPORT(TYPES, "[method]incoming-request.method") void request_method(int self, void *ret);
IMPORT(TYPES, "[method]incoming-request.path-with-query") void request_path(int self, void *ret);
IMPORT(TYPES, "[resource-drop]incoming-request") void request_drop(int);
IMPORT(TYPES, "[constructor]fields") int fields_new(void);
IMPORT(TYPES, "[method]fields.append") void fields_append(int self, const char *n, int nl, const char *v, int vl, void *ret);
IMPORT(TYPES, "[constructor]outgoing-response") int response_new(int headers);
IMPORT(TYPES, "[method]outgoing-response.set-status-code") int response_set_status(int self, int status);
IMPORT(TYPES, "[method]outgoing-response.body") void response_body(int self, void *ret);
IMPORT(TYPES, "[method]outgoing-body.write") void body_write(int self, void *ret);
IMPORT(TYPES, "[static]outgoing-body.finish") void body_finish(int body, int some, int trailers, void *ret);
// set(param, result<own<outgoing-response>, error-code>): the result flattens to 8 values
IMPORT(TYPES, "[static]response-outparam.set") void outparam_set(
    int param, int disc, int value, int a1, i64 a2, int a3, int a4, int a5, int a6);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") void out_write(int self, const void *p, int len, void *ret);
IMPORT(STREAMS, "[resource-drop]output-stream") void out_drop(int);

// ---- memory: a bump allocator, reset at the start of each request ----
extern u8 __heap_base;
static u8 *heap = 0;

EXPORT("cabi_realloc") void *cabi_realloc(void *old, u32 old_size, u32 align, u32 size) {
    (void)old;
    (void)old_size;
    if (heap == 0) heap = &__heap_base;
    u32 p = ((u32)heap + align - 1) & ~(align - 1);
    heap = (u8 *)(p + size);
    u32 needed = (u32)heap;
    u32 have = __builtin_wasm_memory_size(0) * 65536;
    if (needed > have) __builtin_wasm_memory_grow(0, (needed - have + 65535) / 65536);
    return (void *)p;
}

static u32 length(const char *s) {
    u32 n = 0;
    while (s[n]) n++;
    return n;
}

static char body[4096];
static u32 body_len;

static void append(const char *s, u32 n) {
    for (u32 i = 0; i < n && body_len < sizeof body; i++) body[body_len++] = s[i];
}

static const char *METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

static void header(int fields, const char *name, const char *value) {
    u8 ret[4];
    fields_append(fields, name, length(name), value, length(value), ret);
}

EXPORT("wasi:http/incoming-handler@0.2.12#handle") void handle(int request, int outparam) {
    heap = &__heap_base;
    body_len = 0;
    append("hello from a wasm component: ", 29);

    struct { u8 disc; u8 pad[3]; const char *ptr; u32 len; } method;
    request_method(request, &method);
    if (method.disc < 9) {
        append(METHODS[method.disc], length(METHODS[method.disc]));
    } else {
        append(method.ptr, method.len);
    }
    append(" ", 1);
    struct { u8 some; u8 pad[3]; const char *ptr; u32 len; } path;
    request_path(request, &path);
    if (path.some) append(path.ptr, path.len);
    append("\n", 1);
    request_drop(request);

    int headers = fields_new();
    header(headers, "content-type", "text/plain");
    header(headers, "x-served-by", "wasm");
    int response = response_new(headers);
    response_set_status(response, 200);
    struct { u8 disc; u8 pad[3]; int handle; } res;
    response_body(response, &res);
    int out_body = res.handle;
    outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);

    body_write(out_body, &res);
    int stream = res.handle;
    u8 wret[12];
    for (u32 off = 0; off < body_len; off += 4096) {
        u32 n = body_len - off < 4096 ? body_len - off : 4096;
        out_write(stream, body + off, n, wret);
    }
    out_drop(stream);
    u8 fret[40];
    body_finish(out_body, 0, 0, fret);
}
