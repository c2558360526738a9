// greet NAME: prints a greeting, the GREETING_SUFFIX variable, and exits 3 when no name is given.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: greet NAME\n");
        return 3;
    }
    const char *suffix = getenv("GREETING_SUFFIX");
    printf("Hello, %s%s\n", argv[1], suffix ? suffix : "");
    return 0;
}
