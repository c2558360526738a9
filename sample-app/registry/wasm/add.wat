;; A core module exporting add(a, b). Build: ./build.sh (wabt's wat2wasm).
(module
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
