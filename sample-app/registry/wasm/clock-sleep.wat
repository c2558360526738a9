;; clock-sleep: sleeps through WASI Preview 2 clocks. sleep-ms(ms) subscribes a pollable for the
;; duration on wasi:clocks/monotonic-clock, blocks on it through wasi:io/poll, drops it and
;; returns ms; elapsed-ms(ms) does the same with poll() over two timers and returns the measured
;; milliseconds. Exported as the interface wippy:sample/sleeper (method "sleeper#sleep-ms").
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))
    (export "poll" (func (param "in" (list (borrow $pollable))) (result (list u32))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (alias outer 1 $pollable (type $p))
    (export "pollable" (type $pe (eq $p)))
    (export "now" (func (result u64)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $pe))))))
  (alias export $poll "[method]pollable.block" (func $block))
  (alias export $poll "poll" (func $poll-fn))
  (alias export $clock "now" (func $now))
  (alias export $clock "subscribe-duration" (func $subscribe))

  (core module $mem-module
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem-i (instantiate $mem-module))
  (alias core export $mem-i "memory" (core memory $mem))
  (alias core export $mem-i "cabi_realloc" (core func $realloc))

  (core func $block-lowered (canon lower (func $block)))
  (core func $poll-lowered (canon lower (func $poll-fn) (memory $mem) (realloc $realloc)))
  (core func $now-lowered (canon lower (func $now)))
  (core func $subscribe-lowered (canon lower (func $subscribe)))
  (core func $drop (canon resource.drop $pollable))
  (core instance $host
    (export "block" (func $block-lowered))
    (export "poll" (func $poll-lowered))
    (export "now" (func $now-lowered))
    (export "subscribe" (func $subscribe-lowered))
    (export "drop" (func $drop)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "host" "block" (func $block (param i32)))
    (import "host" "poll" (func $poll (param i32 i32 i32)))
    (import "host" "now" (func $now (result i64)))
    (import "host" "subscribe" (func $subscribe (param i64) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (func (export "sleep-ms") (param $ms i32) (result i32)
      (local $h i32)
      (local.set $h (call $subscribe (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000))))
      (call $block (local.get $h))
      (call $drop (local.get $h))
      (local.get $ms))
    ;; waits with poll() on a short and a very long timer: returns when the short one fires
    (func (export "elapsed-ms") (param $ms i32) (result i32)
      (local $start i64) (local $short i32) (local $long i32)
      (local.set $start (call $now))
      (local.set $short (call $subscribe (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000))))
      (local.set $long (call $subscribe (i64.const 3600000000000)))
      ;; the list of two borrows at 16, the result list<u32> written at 32
      (i32.store (i32.const 16) (local.get $long))
      (i32.store (i32.const 20) (local.get $short))
      (call $poll (i32.const 16) (i32.const 2) (i32.const 32))
      (call $drop (local.get $short))
      (call $drop (local.get $long))
      (i32.wrap_i64 (i64.div_u (i64.sub (call $now) (local.get $start)) (i64.const 1000000)))))
  (core instance $env (export "memory" (memory $mem)))
  (core instance $main-i (instantiate $main (with "env" (instance $env)) (with "host" (instance $host))))

  (func $sleep-ms (param "ms" u32) (result u32) (canon lift (core func $main-i "sleep-ms")))
  (func $elapsed-ms (param "ms" u32) (result u32) (canon lift (core func $main-i "elapsed-ms")))
  (instance $sleeper
    (export "sleep-ms" (func $sleep-ms))
    (export "elapsed-ms" (func $elapsed-ms)))
  (export "wippy:sample/sleeper" (instance $sleeper)))
