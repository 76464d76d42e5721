//! Helpers for the end-to-end tests that run the real `wfpack` binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_wfpack"))
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` (WFPACK_SHARED overrides it).
pub fn shared() -> PathBuf {
    match std::env::var_os("WFPACK_SHARED") {
        Some(d) => PathBuf::from(d),
        None => root().join("../shared"),
    }
}

/// The walkthrough folder.
pub fn walkthrough() -> PathBuf {
    root().join("host/examples/walkthrough")
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, printing both streams when it differs.
    pub fn code(&self, want: i32) -> &Self {
        assert_eq!(
            self.code, want,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts a one-line error on stderr that contains each of `parts`.
    pub fn error_line(&self, parts: &[&str]) -> &Self {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one line on stderr, got:\n{}",
            self.stderr
        );
        assert!(lines[0].starts_with("wfpack: error: "), "{}", lines[0]);
        for p in parts {
            assert!(lines[0].contains(p), "missing {p:?} in: {}", lines[0]);
        }
        self
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs wfpack with `args` in `cwd` (default: a scratch dir), no stdin, no colour variables.
pub fn wfpack_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("MAX_WORKFLOW_SIZE")
        .env_remove("ALWAYS_OFFLOAD_NODE_STATUS")
        .env_remove("WFPACK_CONFIG")
        .env_remove("WFPACK_DB")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn wfpack");
    if let Some(data) = stdin {
        let mut si = child.stdin.take().unwrap();
        let data = data.to_vec();
        std::thread::spawn(move || {
            let _ = si.write_all(&data);
        });
    }
    Run::from(child.wait_with_output().expect("wait for wfpack"))
}

/// Runs wfpack from the project root.
pub fn wfpack(args: &[&str]) -> Run {
    wfpack_in(&root(), args, None)
}

/// Runs wfpack from the project root with `stdin`.
pub fn wfpack_stdin(args: &[&str], stdin: &[u8]) -> Run {
    wfpack_in(&root(), args, Some(stdin))
}

/// Writes `text` to `dir/name` and returns the path as a string.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}
