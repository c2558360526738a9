;; funcs-relay: a component importing wippy:runtime/funcs; relay(target, input) calls call-string
;; and returns the ok or err string it got back.
(component
  (type $funcs-type (instance
    (export "call-string" (func (param "target" string) (param "input" string) (result (result string (error string)))))))
  (import "wippy:runtime/funcs" (instance $funcs (type $funcs-type)))
  (alias export $funcs "call-string" (func $call-string))

  (core module $mem-module
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
      (local.get $p)))
  (core instance $mem-i (instantiate $mem-module))
  (alias core export $mem-i "memory" (core memory $mem))
  (alias core export $mem-i "cabi_realloc" (core func $realloc))

  (core func $call-lowered (canon lower (func $call-string) (memory $mem) (realloc $realloc)))
  (core instance $funcs-core (export "call-string" (func $call-lowered)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "funcs" "call-string" (func $call (param i32 i32 i32 i32 i32)))
    ;; the result<string, string> lands at 512: discriminant at +0, the string (ptr, len) at +4
    (func (export "relay") (param i32 i32 i32 i32) (result i32)
      (call $call (local.get 0) (local.get 1) (local.get 2) (local.get 3) (i32.const 512))
      (i32.const 516)))
  (core instance $env (export "memory" (memory $mem)))
  (core instance $main-i (instantiate $main (with "env" (instance $env)) (with "funcs" (instance $funcs-core))))

  (func (export "relay") (param "target" string) (param "input" string) (result string)
    (canon lift (core func $main-i "relay") (memory $mem) (realloc $realloc))))
