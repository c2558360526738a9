#!/bin/sh
# Rebuilds ../hello-http.wasm: freestanding C (no libc) against the canonical ABI of wasi:http
# 0.2.12, the WIT world embedded by jco's bundled wasm-tools, made a component by `jco new`.
# Needs: apt install clang lld; npm i @bytecodealliance/jco in /opt/jco.
set -eu
cd "$(dirname "$0")"
JCO=${JCO:-/opt/jco/node_modules/.bin/jco}
WASI_WIT=${WASI_WIT:-/opt/jco/node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12}
mkdir -p build
clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export-dynamic -o build/core.wasm hello.c
{
  cat hello.wit
  for pkg in wasi-io wasi-clocks wasi-random wasi-cli wasi-filesystem wasi-sockets wasi-http; do
    header=$(grep -m1 '^package ' "$WASI_WIT/$pkg/package.wit" | sed 's/;$//')
    echo "$header {"
    grep -v '^package ' "$WASI_WIT/$pkg/package.wit"
    echo "}"
  done
} > build/all.wit
node embed.mjs build/core.wasm build/all.wit build/embedded.wasm hello
"$JCO" new build/embedded.wasm -o ../hello-http.wasm
rm -rf build
