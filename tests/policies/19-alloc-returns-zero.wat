;; alloc returns 0 -> bad output
(module
  (memory (export "memory") 2)
  (global $bump (mut i32) (i32.const 4096))
  (data (i32.const 16) "{\"apiVersion\":\"policy.argoproj.io/v1\",\"decision\":{\"action\":\"keep\",\"reason\":\"fixture\"}}")
  (func (export "argo_policy_abi_v1"))
  (func (export "abi_version") (result i32) (i32.const 0x10000))
  (func (export "alloc") (param $n i32) (result i32)
    (i32.const 0))
  (func (export "dealloc") (param i32 i32))
  (func (export "evaluate") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 86)))
  
)
