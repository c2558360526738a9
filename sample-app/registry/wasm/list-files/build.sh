#!/bin/sh
# Rebuilds ../list-files.wasm: clang + wasi-libc (reactor), WIT embedded, adapted to WASI 0.2 by jco.
# Needs: apt install clang lld wasi-libc; npm i @bytecodealliance/jco in /opt/jco.
set -eu
cd "$(dirname "$0")"
JCO=${JCO:-/opt/jco/node_modules/.bin/jco}
mkdir -p build
clang --target=wasm32-wasi --sysroot=/usr -O2 -s -mexec-model=reactor -o build/core.wasm list-files.c
node embed.mjs build/core.wasm list-files.wit build/embedded.wasm
"$JCO" new build/embedded.wasm --wasi-reactor -o ../list-files.wasm
rm -rf build
