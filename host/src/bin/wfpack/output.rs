//! How results reach the user: human text (coloured only on a terminal, `NO_COLOR`
//! respected, through `anstream`) or JSON for scripts (`--output json`).

use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde_json::Value;

use crate::failure::{Failure, Result};

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text and tables for people.
    Human,
    /// One JSON document on stdout, for scripts.
    Json,
}

/// How a Workflow object is written (`pack`, `hydrate`, `generate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ObjectFormat {
    /// JSON, like `kubectl get wf -o json`.
    Json,
    /// YAML, like `kubectl get wf -o yaml`.
    Yaml,
}

/// Serialises a Workflow object for `kubectl replace -f -`.
pub fn encode_object(v: &Value, format: ObjectFormat) -> Result<Vec<u8>> {
    match format {
        ObjectFormat::Json => {
            let mut out =
                serde_json::to_vec_pretty(v).map_err(|e| Failure::failed(e.to_string(), ""))?;
            out.push(b'\n');
            Ok(out)
        }
        ObjectFormat::Yaml => serde_norway::to_string(v)
            .map(String::into_bytes)
            .map_err(|e| Failure::failed(e.to_string(), "")),
    }
}

/// Styles used in human output.
pub mod style {
    use super::*;
    /// Headings and table headers.
    pub const HEAD: Style = Style::new().bold();
    /// Good outcomes (kept, succeeded).
    pub const OK: Style = AnsiColor::Green.on_default();
    /// Outcomes that changed the object (compressed, offloaded, archived).
    pub const CHANGE: Style = AnsiColor::Cyan.on_default();
    /// Warnings.
    pub const WARN: Style = AnsiColor::Yellow.on_default();
    /// Failures.
    pub const BAD: Style = AnsiColor::Red.on_default().bold();
    /// Secondary text.
    pub const DIM: Style = Style::new().dimmed();
}

/// Wraps `text` in `style` (the escape codes are stripped by anstream when not on a terminal).
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// The output sink for one command.
pub struct Out {
    /// The selected format.
    pub format: Format,
}

impl Out {
    /// Whether scripts asked for JSON.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// Writes one line of human text.
    pub fn line(&self, text: impl std::fmt::Display) -> Result<()> {
        let mut w = anstream::stdout().lock();
        writeln!(w, "{text}").map_err(write_failure)
    }

    /// Writes a JSON document (pretty, newline-terminated).
    pub fn write_json(&self, value: &Value) -> Result<()> {
        let mut w = std::io::stdout().lock();
        let text =
            serde_json::to_string_pretty(value).map_err(|e| Failure::failed(e.to_string(), ""))?;
        writeln!(w, "{text}").map_err(write_failure)
    }

    /// Writes raw bytes (e.g. a Workflow for `kubectl replace -f -`).
    pub fn write_raw(&self, bytes: &[u8]) -> Result<()> {
        let mut w = std::io::stdout().lock();
        w.write_all(bytes).map_err(write_failure)?;
        w.flush().map_err(write_failure)
    }

    /// Writes a table: a bold header, columns aligned on their widths (escape codes ignored).
    pub fn table(&self, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
        let cols = header.len();
        let mut width = header.iter().map(|h| visible_len(h)).collect::<Vec<_>>();
        for row in rows {
            for (i, cell) in row.iter().enumerate().take(cols) {
                width[i] = width[i].max(visible_len(cell));
            }
        }
        let mut text = String::new();
        let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        push_row(&mut text, &head, &width, Some(style::HEAD));
        for row in rows {
            push_row(&mut text, row, &width, None);
        }
        let mut w = anstream::stdout().lock();
        w.write_all(text.as_bytes()).map_err(write_failure)
    }
}

fn push_row(text: &mut String, row: &[String], width: &[usize], st: Option<Style>) {
    let last = row.len().min(width.len()).saturating_sub(1);
    for (i, cell) in row.iter().enumerate().take(width.len()) {
        match st {
            Some(s) => text.push_str(&paint(s, cell)),
            None => text.push_str(cell),
        }
        if i < last {
            let pad = width[i] - visible_len(cell) + 2;
            text.extend(std::iter::repeat_n(' ', pad));
        }
    }
    text.push('\n');
}

/// Length of a string as displayed: characters, ANSI escape sequences excluded.
pub fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // `wfpack ... | head`: stop quietly.
        std::process::exit(0);
    }
    Failure::failed(format!("cannot write the output: {e}"), "")
}

/// Human-readable byte count: `275,423 B (269.0 KiB)`.
pub fn bytes(n: u64) -> String {
    let grouped = group(n);
    if n < 1024 {
        format!("{grouped} B")
    } else if n < 1024 * 1024 {
        format!("{grouped} B ({:.1} KiB)", n as f64 / 1024.0)
    } else {
        format!("{grouped} B ({:.1} MiB)", n as f64 / (1024.0 * 1024.0))
    }
}

/// `1234567` -> `1,234,567`.
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_and_widths() {
        assert_eq!(group(0), "0");
        assert_eq!(group(1234567), "1,234,567");
        assert_eq!(bytes(10240), "10,240 B (10.0 KiB)");
        assert_eq!(visible_len(&paint(style::OK, "kept")), 4);
    }
}
