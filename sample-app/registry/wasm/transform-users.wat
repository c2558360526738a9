;; transform-users: list<user> -> list<display>, hand-written against the canonical ABI.
;;   record user    { name: string, age: u32, tags: list<string> }          size 20, align 4
;;   record display { name: string, adult: bool, tag-count: u32,
;;                    first-tag: option<string> }                          size 28, align 4
;; The name is upper-cased (ASCII letters); the allocator is a bump allocator that post-return
;; resets, so a pooled instance does not grow from call to call.
(component
  (core module $m
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))

    (func $alloc (param $size i32) (param $align i32) (result i32)
      (local $p i32) (local $end i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1)))
                      (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (local.get $p))

    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (call $alloc (local.get $size) (local.get $align)))
      (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
      (local.get $p))

    (func (export "transform-users") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32) (local $i i32) (local $u i32) (local $d i32)
      (local $nptr i32) (local $nlen i32) (local $buf i32) (local $j i32) (local $c i32)
      (local $tags i32) (local $ret i32)
      (local.set $out (call $alloc (i32.mul (local.get $len) (i32.const 28)) (i32.const 4)))
      (block $done
        (loop $each
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $u (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const 20))))
          (local.set $d (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 28))))
          ;; name, upper-cased into a fresh buffer
          (local.set $nptr (i32.load (local.get $u)))
          (local.set $nlen (i32.load offset=4 (local.get $u)))
          (local.set $buf (call $alloc (local.get $nlen) (i32.const 1)))
          (local.set $j (i32.const 0))
          (block $copied
            (loop $copy
              (br_if $copied (i32.ge_u (local.get $j) (local.get $nlen)))
              (local.set $c (i32.load8_u (i32.add (local.get $nptr) (local.get $j))))
              (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
                (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
              (i32.store8 (i32.add (local.get $buf) (local.get $j)) (local.get $c))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $copy)))
          (i32.store (local.get $d) (local.get $buf))
          (i32.store offset=4 (local.get $d) (local.get $nlen))
          ;; adult = age >= 18
          (i32.store8 offset=8 (local.get $d) (i32.ge_u (i32.load offset=8 (local.get $u)) (i32.const 18)))
          ;; tag-count
          (i32.store offset=12 (local.get $d) (i32.load offset=16 (local.get $u)))
          ;; first-tag
          (if (i32.eqz (i32.load offset=16 (local.get $u)))
            (then (i32.store8 offset=16 (local.get $d) (i32.const 0)))
            (else
              (local.set $tags (i32.load offset=12 (local.get $u)))
              (i32.store8 offset=16 (local.get $d) (i32.const 1))
              (i32.store offset=20 (local.get $d) (i32.load (local.get $tags)))
              (i32.store offset=24 (local.get $d) (i32.load offset=4 (local.get $tags)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each)))
      (local.set $ret (call $alloc (i32.const 8) (i32.const 4)))
      (i32.store (local.get $ret) (local.get $out))
      (i32.store offset=4 (local.get $ret) (local.get $len))
      (local.get $ret))

    (func (export "cabi_post_transform-users") (param i32)
      (global.set $heap (i32.const 1024))))

  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $mem))
  (alias core export $i "cabi_realloc" (core func $realloc))
  (alias core export $i "transform-users" (core func $core-transform))
  (alias core export $i "cabi_post_transform-users" (core func $post))

  (type $user-def (record (field "name" string) (field "age" u32) (field "tags" (list string))))
  (import "user" (type $user (eq $user-def)))
  (type $display-def (record (field "name" string) (field "adult" bool) (field "tag-count" u32)
                             (field "first-tag" (option string))))
  (import "display" (type $display (eq $display-def)))
  (type $transform-type (func (param "users" (list $user)) (result (list $display))))
  (func $transform (type $transform-type)
    (canon lift (core func $core-transform) (memory $mem) (realloc (core func $realloc))
                (post-return (core func $post))))
  (export "transform-users" (func $transform)))
