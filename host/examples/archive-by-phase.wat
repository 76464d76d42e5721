;; Example archive policy in WebAssembly text (policy ABI v1, docs/policy-abi.md).
;;
;; A rule Argo cannot express with its one archiveLabelSelector and one archiveTTL:
;;   Failed or Error -> archive, keep 30 days
;;   Succeeded       -> archive, keep 7 days
;;   not completed   -> skip
;; It reads the phase from the request by finding the last `"phase":"` (the host writes
;; workflow.phase after labels and annotations), so it needs no JSON parser.
;;
;; Load it: wfpack_host::policy::PolicyHostBuilder::new()
;;              .archive_policy_file("host/examples/archive-by-phase.wat").build()
(module
  (@custom "io.argoproj.policy.metadata" "{\"abi\":\"1.0\",\"kinds\":[\"archive\"],\"name\":\"archive-by-phase\",\"version\":\"0.1.0\"}")
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 4096))
  (data (i32.const 16) "\"phase\":\"")
  (data (i32.const 32) "Failed\"")
  (data (i32.const 48) "Error\"")
  (data (i32.const 64) "Succeeded\"")
  (data (i32.const 128) "{\"apiVersion\":\"policy.argoproj.io/v1\",\"decision\":{\"action\":\"archive\",\"ttlSeconds\":2592000,\"reason\":\"ended Failed/Error: keep 30 days\"}}")
  (data (i32.const 384) "{\"apiVersion\":\"policy.argoproj.io/v1\",\"decision\":{\"action\":\"archive\",\"ttlSeconds\":604800,\"reason\":\"Succeeded: keep 7 days\"}}")
  (data (i32.const 640) "{\"apiVersion\":\"policy.argoproj.io/v1\",\"decision\":{\"action\":\"skip\",\"ttlSeconds\":0,\"reason\":\"not completed\"}}")

  (func (export "argo_policy_abi_v1"))
  (func (export "abi_version") (result i32) (i32.const 0x10000))

  ;; Bump allocator: grows the memory when needed, 0 on failure.
  (func (export "alloc") (param $n i32) (result i32)
    (local $p i32) (local $end i32)
    (local.set $p (global.get $bump))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (if (i32.lt_u (local.get $end) (local.get $p)) (then (return (i32.const 0))))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq
              (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $bump (local.get $end))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))

  ;; memory[a..a+n] == memory[b..b+n]
  (func $eq (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                  (i32.load8_u (i32.add (local.get $b) (local.get $i))))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))
    (i32.const 0))

  ;; Does the value at $v (with $rest bytes left) start with the $n bytes at $word?
  (func $is (param $v i32) (param $rest i32) (param $word i32) (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $rest) (local.get $n))
      (then (i32.const 0))
      (else (call $eq (local.get $v) (local.get $word) (local.get $n)))))

  (func (export "evaluate") (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $found i32) (local $v i32) (local $rest i32)
    (local.set $found (i32.const -1))
    (block $done
      (loop $scan
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 9)) (local.get $len)))
        (if (call $eq (i32.add (local.get $ptr) (local.get $i)) (i32.const 16) (i32.const 9))
          (then (local.set $found (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (if (i32.lt_s (local.get $found) (i32.const 0)) (then (return (i64.or (i64.shl (i64.const 640) (i64.const 32)) (i64.const 107)))))
    (local.set $v (i32.add (local.get $ptr) (i32.add (local.get $found) (i32.const 9))))
    (local.set $rest (i32.sub (local.get $len) (i32.add (local.get $found) (i32.const 9))))
    (if (call $is (local.get $v) (local.get $rest) (i32.const 32) (i32.const 7)) (then (return (i64.or (i64.shl (i64.const 128) (i64.const 32)) (i64.const 135)))))
    (if (call $is (local.get $v) (local.get $rest) (i32.const 48) (i32.const 6)) (then (return (i64.or (i64.shl (i64.const 128) (i64.const 32)) (i64.const 135)))))
    (if (call $is (local.get $v) (local.get $rest) (i32.const 64) (i32.const 10)) (then (return (i64.or (i64.shl (i64.const 384) (i64.const 32)) (i64.const 124)))))
    (i64.or (i64.shl (i64.const 640) (i64.const 32)) (i64.const 107)))
)
