;; memory.grow until refused -> out of memory
(module
  (memory (export "memory") 2)
  (global $bump (mut i32) (i32.const 4096))
  (data (i32.const 16) "{\"apiVersion\":\"policy.argoproj.io/v1\",\"decision\":{\"action\":\"keep\",\"reason\":\"fixture\"}}")
  (func (export "argo_policy_abi_v1"))
  (func (export "abi_version") (result i32) (i32.const 0x10000))
  (func (export "alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8))))
    ;; grow to fit
    (block $ok
      (br_if $ok (i32.le_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536))))
      (br_if $ok (i32.ne (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $bump) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))) (i32.const -1)))
      (return (i32.const 0)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))
  (func (export "evaluate") (param $ptr i32) (param $len i32) (result i64)
    (loop $l (drop (memory.grow (i32.const 16))) (br $l))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 86)))
  
)
