#!/usr/bin/env bash
# Rebuilds the sample's binaries and prints the hashes to put in _index.yaml.
set -euo pipefail
cd "$(dirname "$0")"
wat2wasm add.wat -o add.wasm
echo "add.wasm sha256:$(sha256sum add.wasm | cut -d' ' -f1)"
# transform-users.wasm is a component built from component WAT by jco (see
# wippy-runtime/src/test/fixtures/component/build.sh); copied here unchanged.
echo "transform-users.wasm sha256:$(sha256sum transform-users.wasm | cut -d' ' -f1)"
# greet.wasm: a C command (clang + wasi-libc) built from greet.c by wippy-runtime/src/test/fixtures/wasi/build.sh;
# copied here unchanged.
echo "greet.wasm sha256:$(sha256sum greet.wasm | cut -d' ' -f1)"
# clock-sleep.wasm: a component from component WAT (wippy-runtime/src/test/fixtures/component/clock-sleep).
jco parse clock-sleep.wat -o clock-sleep.wasm
# list-files.wasm: a C component (clang + wasi-libc + jco's Preview 1 adapter), see list-files/build.sh.
list-files/build.sh
# hello-http.wasm: a wasi:http incoming handler in freestanding C, see hello-http/build.sh.
hello-http/build.sh
# counter.wasm: the stateful actor of wippy-runtime/src/test/fixtures/component/actor-counter (component WAT).
jco parse counter.wat -o counter.wasm
echo "counter.wasm sha256:$(sha256sum counter.wasm | cut -d' ' -f1)"
