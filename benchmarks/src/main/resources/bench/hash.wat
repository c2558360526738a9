;; FNV-1a over `len` bytes of guest memory (B2: a hash over 1 MiB). `fill` writes a known pattern.
(module
  (memory (export "memory") 17)
  (func (export "fill") (param $len i32)
    (local $i i32)
    (block $done
      (loop $l
        local.get $i local.get $len i32.ge_u br_if $done
        local.get $i
        local.get $i i32.const 31 i32.mul i32.const 7 i32.add
        i32.store8
        local.get $i i32.const 1 i32.add local.set $i
        br $l)))
  (func (export "fnv1a") (param $len i32) (result i32)
    (local $i i32) (local $h i32)
    i32.const 0x811c9dc5 local.set $h
    (block $done
      (loop $l
        local.get $i local.get $len i32.ge_u br_if $done
        local.get $h
        local.get $i i32.load8_u
        i32.xor
        i32.const 0x01000193 i32.mul
        local.set $h
        local.get $i i32.const 1 i32.add local.set $i
        br $l))
    local.get $h))
