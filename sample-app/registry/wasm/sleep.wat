;; sleep(ms): one relative clock subscription through WASI Preview 1 poll_oneoff (B5).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "sleep") (param $ms i32) (result i32)
    ;; subscription at 0: userdata 0, tag 0 (clock), clock id 1 (monotonic), timeout in ns, relative
    (i64.store (i32.const 0) (i64.const 0))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000)))
    (i64.store (i32.const 32) (i64.const 0))
    (i32.store16 (i32.const 40) (i32.const 0))
    ;; event out at 64, count at 128
    (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))
