//! Builds the built-in policy: wfpack-codec for wasm32-unknown-unknown with the
//! `policy-abi` feature and the `wasm` profile, into OUT_DIR, for `include_bytes!`.
//!
//! `WFPACK_POLICY_WASM=/path/to/policy.wasm` uses a prebuilt module instead.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .expect("host/ is inside the workspace")
        .to_path_buf();
    let dest = out_dir.join("wfpack_policy.wasm");

    println!("cargo:rerun-if-env-changed=WFPACK_POLICY_WASM");
    if let Some(prebuilt) = env::var_os("WFPACK_POLICY_WASM") {
        println!("cargo:rerun-if-changed={}", Path::new(&prebuilt).display());
        std::fs::copy(&prebuilt, &dest).unwrap_or_else(|e| {
            panic!(
                "WFPACK_POLICY_WASM={}: cannot copy it: {e}",
                Path::new(&prebuilt).display()
            )
        });
        return;
    }
    for p in ["codec/src", "codec/Cargo.toml", "Cargo.lock", "Cargo.toml"] {
        println!("cargo:rerun-if-changed={}", root.join(p).display());
    }

    let rustc = env::var("RUSTC").unwrap_or_else(|_| String::from("rustc"));
    let libdir = Command::new(&rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if !libdir.is_some_and(|d| d.join("..").exists() && has_core(&d)) {
        panic!(
            "\n\nwfpack-host embeds the built-in policy, which is wfpack-codec built for {TARGET}, \
             but that target is not installed for this toolchain.\n\
             Fix: run `rustup target add {TARGET}` (or `scripts/setup.sh`), then build again.\n\
             Or set WFPACK_POLICY_WASM to a prebuilt policy module.\n"
        );
    }

    // A target dir of its own: the outer cargo holds the lock on its own target dir.
    let target_dir = out_dir.join("policy-target");
    let cargo = env::var("CARGO").unwrap_or_else(|_| String::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root)
        .args([
            "rustc",
            "-p",
            "wfpack-codec",
            "--lib",
            "--crate-type",
            "cdylib",
        ])
        .args([
            "--target",
            TARGET,
            "--profile",
            "wasm",
            // Pure Rust only: the native C backends (libdeflate) do not build for wasm.
            "--no-default-features",
            "--features",
            "policy-abi",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .args(["--", "-C", "link-arg=-zstack-size=131072"]);
    // The outer build's flags and overrides are for the host target, not for wasm.
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run cargo to build the built-in policy: {e}"));
    if !status.success() {
        panic!(
            "building the built-in policy (wfpack-codec for {TARGET}, feature policy-abi) failed; \
             see the errors above. If the target is missing: `rustup target add {TARGET}`."
        );
    }
    let built = target_dir
        .join(TARGET)
        .join("wasm")
        .join("wfpack_codec.wasm");
    std::fs::copy(&built, &dest)
        .unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", built.display(), dest.display()));
}

fn has_core(libdir: &Path) -> bool {
    std::fs::read_dir(libdir)
        .map(|rd| {
            rd.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
        })
        .unwrap_or(false)
}
