// list-files(dir) -> result<list<string>, string>: the names in a folder the entry mounts, sorted.
// C with wasi-libc (a reactor), written against the canonical ABI; jco's Preview 1 adapter turns
// the file-system calls into wasi:filesystem (Preview 2), so it sees only the entry's mounts.
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char *ptr; size_t len; } str_t;
typedef struct {
    uint8_t is_err;
    union {
        struct { str_t *ptr; size_t len; } ok;
        str_t err;
    } val;
} result_t; // 12 bytes: discriminant, then (ptr, len)

_Static_assert(sizeof(result_t) == 12, "result layout");

static result_t ret;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    (void) old_size;
    if (new_size == 0) {
        return (void *) align;
    }
    void *p = realloc(old, new_size);
    if (!p) {
        abort();
    }
    return p;
}

static int by_name(const void *a, const void *b) {
    const str_t *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->ptr, y->ptr, n);
    return c != 0 ? c : (int) x->len - (int) y->len;
}

static result_t *fail(const char *path, int error) {
    char *message = malloc(512);
    int n = snprintf(message, 512, "cannot list %s: %s", path, strerror(error));
    ret.is_err = 1;
    ret.val.err.ptr = message;
    ret.val.err.len = (size_t) (n < 512 ? n : 511);
    return &ret;
}

__attribute__((export_name("list-files")))
result_t *list_files(char *dir_ptr, size_t dir_len) {
    char *path = strndup(dir_ptr, dir_len);
    free(dir_ptr);
    DIR *dir = opendir(path);
    if (dir == NULL) {
        result_t *r = fail(path, errno);
        free(path);
        return r;
    }
    size_t cap = 8, len = 0;
    str_t *names = malloc(cap * sizeof(str_t));
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (len == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof(str_t));
        }
        names[len].len = strlen(e->d_name);
        names[len].ptr = strdup(e->d_name);
        len++;
    }
    closedir(dir);
    free(path);
    qsort(names, len, sizeof(str_t), by_name);
    ret.is_err = 0;
    ret.val.ok.ptr = names;
    ret.val.ok.len = len;
    return &ret;
}

__attribute__((export_name("cabi_post_list-files")))
void list_files_post(result_t *r) {
    if (r->is_err) {
        free(r->val.err.ptr);
        return;
    }
    for (size_t i = 0; i < r->val.ok.len; i++) {
        free(r->val.ok.ptr[i].ptr);
    }
    free(r->val.ok.ptr);
}
