//! Compiles the vendored libdeflate compressor (see `shim.c`) into a static library.

fn main() {
    println!("cargo:rerun-if-changed=shim.c");
    println!("cargo:rerun-if-changed=libdeflate");
    cc::Build::new()
        .file("shim.c")
        .file("libdeflate/lib/utils.c")
        .include("libdeflate")
        .include("libdeflate/lib")
        .warnings(false)
        .compile("wfpack_deflate");
}
