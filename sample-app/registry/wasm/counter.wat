;; actor-counter: a stateful actor over wippy:actor/process@0.1.0. Its count lives in a global of
;; the one instance its process keeps for its whole life. Topics: "inc" adds one; "get" replies
;; "count" to the sender with the count as a json payload; "ping" replies "pong" with the payloads it
;; got; "self" replies "self" with its own PID as text; "crash" traps; "@cancel" ends the process;
;; "serve" (text payload: a PID) sends "ping" there, and "pong" adds one and pings its sender back,
;; so two counters volley until cancelled (benchmark B9).
;; Exports run (parks in receive) and run-polling (subscribe + wasi:io/poll block + try-receive); both
;; return the count when they end. Every message is handled in a fresh arena (the heap is reset).
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wippy:actor/process@0.1.0" (instance $actor
    (alias outer 1 $pollable (type $p))
    (export "pollable" (type $pe (eq $p)))
    (type $payload (variant (case "bytes" (list u8)) (case "text" string) (case "json" string)))
    (export "payload" (type $payload-e (eq $payload)))
    (type $message (record (field "from" string) (field "topic" string) (field "payloads" (list $payload-e))))
    (export "message" (type $message-e (eq $message)))
    (export "self" (func (result string)))
    (export "send" (func (param "target" string) (param "topic" string) (param "payloads" (list $payload-e))
      (result (result (error string)))))
    (export "try-receive" (func (result (option $message-e))))
    (export "receive" (func (result (result $message-e (error string)))))
    (export "subscribe" (func (result (own $pe))))))
  (alias export $poll "[method]pollable.block" (func $block))
  (alias export $actor "self" (func $self))
  (alias export $actor "send" (func $send))
  (alias export $actor "try-receive" (func $try-receive))
  (alias export $actor "receive" (func $receive))
  (alias export $actor "subscribe" (func $subscribe))

  (core module $mem-module
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "reset") (global.set $heap (i32.const 1024)))
    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32) (local $end i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                                                       (i32.const 16))
                                            (i32.const 1)))
                      (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
      (local.get $p)))
  (core instance $mem-i (instantiate $mem-module))
  (alias core export $mem-i "memory" (core memory $mem))
  (alias core export $mem-i "cabi_realloc" (core func $realloc))
  (alias core export $mem-i "reset" (core func $reset))

  (core func $block-lowered (canon lower (func $block)))
  (core func $self-lowered (canon lower (func $self) (memory $mem) (realloc $realloc)))
  (core func $send-lowered (canon lower (func $send) (memory $mem) (realloc $realloc)))
  (core func $try-receive-lowered (canon lower (func $try-receive) (memory $mem) (realloc $realloc)))
  (core func $receive-lowered (canon lower (func $receive) (memory $mem) (realloc $realloc)))
  (core func $subscribe-lowered (canon lower (func $subscribe)))
  (core func $drop (canon resource.drop $pollable))
  (core instance $host
    (export "block" (func $block-lowered))
    (export "self" (func $self-lowered))
    (export "send" (func $send-lowered))
    (export "try-receive" (func $try-receive-lowered))
    (export "receive" (func $receive-lowered))
    (export "subscribe" (func $subscribe-lowered))
    (export "drop" (func $drop))
    (export "reset" (func $reset)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "host" "block" (func $block (param i32)))
    (import "host" "self" (func $self (param i32)))
    (import "host" "send" (func $send (param i32 i32 i32 i32 i32 i32 i32)))
    (import "host" "try-receive" (func $try-receive (param i32)))
    (import "host" "receive" (func $receive (param i32)))
    (import "host" "subscribe" (func $subscribe (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (import "host" "reset" (func $reset))
    (global $count (mut i32) (i32.const 0))
    ;; topics: inc 16, get 20, @cancel 24, crash 32, count 40, ping 48, pong 52, self 56, serve 60
    (data (i32.const 16) "inc")
    (data (i32.const 20) "get")
    (data (i32.const 24) "@cancel")
    (data (i32.const 32) "crash")
    (data (i32.const 40) "count")
    (data (i32.const 48) "ping")
    (data (i32.const 52) "pong")
    (data (i32.const 56) "self")
    (data (i32.const 60) "serve")
    ;; memory: received message/option at 256 (28 bytes), payload to send at 300 (12), send result
    ;; at 320 (12), self() string at 360, digits at 400 (reversed at 480), arena from 1024

    (func $is (param $p i32) (param $l i32) (param $c i32) (param $cl i32) (result i32)
      (local $i i32)
      (if (i32.ne (local.get $l) (local.get $cl)) (then (return (i32.const 0))))
      (block $done
        (loop $each
          (br_if $done (i32.ge_u (local.get $i) (local.get $l)))
          (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                      (i32.load8_u (i32.add (local.get $c) (local.get $i))))
            (then (return (i32.const 0))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each)))
      (i32.const 1))

    ;; writes the decimal digits of n at buf, returns their count
    (func $itoa (param $n i32) (param $buf i32) (result i32)
      (local $len i32) (local $i i32)
      (loop $digit
        (i32.store8 (i32.add (i32.const 480) (local.get $len))
                    (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
        (local.set $len (i32.add (local.get $len) (i32.const 1)))
        (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
        (br_if $digit (local.get $n)))
      (loop $copy
        (i32.store8 (i32.add (local.get $buf) (local.get $i))
                    (i32.load8_u (i32.add (i32.const 480)
                                          (i32.sub (i32.sub (local.get $len) (i32.const 1)) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $copy (i32.lt_u (local.get $i) (local.get $len))))
      (local.get $len))

    ;; handles the message at 260; returns 1 to end the process
    (func $handle (result i32)
      (local $fp i32) (local $fl i32) (local $tp i32) (local $tl i32) (local $pp i32) (local $pl i32)
      (local.set $fp (i32.load (i32.const 260)))
      (local.set $fl (i32.load (i32.const 264)))
      (local.set $tp (i32.load (i32.const 268)))
      (local.set $tl (i32.load (i32.const 272)))
      (local.set $pp (i32.load (i32.const 276)))
      (local.set $pl (i32.load (i32.const 280)))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 16) (i32.const 3))
        (then
          (global.set $count (i32.add (global.get $count) (i32.const 1)))
          (return (i32.const 0))))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 20) (i32.const 3))
        (then
          (i32.store8 (i32.const 300) (i32.const 2))
          (i32.store (i32.const 304) (i32.const 400))
          (i32.store (i32.const 308) (call $itoa (global.get $count) (i32.const 400)))
          (call $send (local.get $fp) (local.get $fl) (i32.const 40) (i32.const 5) (i32.const 300) (i32.const 1)
                      (i32.const 320))
          (return (i32.const 0))))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 48) (i32.const 4))
        (then
          (call $send (local.get $fp) (local.get $fl) (i32.const 52) (i32.const 4) (local.get $pp) (local.get $pl)
                      (i32.const 320))
          (return (i32.const 0))))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 56) (i32.const 4))
        (then
          (call $self (i32.const 360))
          (i32.store8 (i32.const 300) (i32.const 1))
          (i32.store (i32.const 304) (i32.load (i32.const 360)))
          (i32.store (i32.const 308) (i32.load (i32.const 364)))
          (call $send (local.get $fp) (local.get $fl) (i32.const 56) (i32.const 4) (i32.const 300) (i32.const 1)
                      (i32.const 320))
          (return (i32.const 0))))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 52) (i32.const 4))
        (then
          (global.set $count (i32.add (global.get $count) (i32.const 1)))
          (call $send (local.get $fp) (local.get $fl) (i32.const 48) (i32.const 4) (i32.const 0) (i32.const 0)
                      (i32.const 320))
          (return (i32.const 0))))
      (if (i32.and (call $is (local.get $tp) (local.get $tl) (i32.const 60) (i32.const 5))
                   (i32.ge_u (local.get $pl) (i32.const 1)))
        (then
          (call $send (i32.load (i32.add (local.get $pp) (i32.const 4))) (i32.load (i32.add (local.get $pp) (i32.const 8)))
                      (i32.const 48) (i32.const 4) (i32.const 0) (i32.const 0) (i32.const 320))
          (return (i32.const 0))))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 24) (i32.const 7))
        (then (return (i32.const 1))))
      (if (call $is (local.get $tp) (local.get $tl) (i32.const 32) (i32.const 5))
        (then unreachable))
      (i32.const 0))

    (func (export "run") (result i32)
      (loop $next
        (call $reset)
        (call $receive (i32.const 256))
        (if (i32.load8_u (i32.const 256)) (then (return (global.get $count))))
        (br_if $next (i32.eqz (call $handle))))
      (global.get $count))

    (func (export "run-polling") (result i32)
      (local $p i32)
      (loop $next
        (call $reset)
        (local.set $p (call $subscribe))
        (call $block (local.get $p))
        (call $drop (local.get $p))
        (call $try-receive (i32.const 256))
        (br_if $next (i32.eqz (i32.load8_u (i32.const 256))))
        (br_if $next (i32.eqz (call $handle))))
      (global.get $count)))
  (core instance $env (export "memory" (memory $mem)))
  (core instance $main-i (instantiate $main (with "env" (instance $env)) (with "host" (instance $host))))

  (func (export "run") (result u32) (canon lift (core func $main-i "run")))
  (func (export "run-polling") (result u32) (canon lift (core func $main-i "run-polling"))))
