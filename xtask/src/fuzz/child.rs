//! One generation in a child process, with a timeout, and what its exit says: a success, a
//! clean error (exit 1 with `error: FILE: at /pointer: ...` or `error: FILE: not valid YAML or
//! JSON: ...`), or a failure (a panic, an abort or signal, another exit code, an error that
//! names no file and pointer, or a timeout). A stack overflow kills the child, not the fuzzer.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// How one generation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Success,
    CleanError,
    /// A panic, abort, signal or unexpected exit code; the text says which.
    Crash(String),
    Timeout,
    /// Exit 1 without naming the file and a pointer (or the syntax form).
    UncleanError(String),
}

/// Runs `xtask generate --spec SPEC --out OUT --crate-name fuzzed` and classifies its exit.
/// Output goes to files beside the spec (a pipe could fill and stall the child); the last
/// lines of stderr come back with the outcome.
pub fn generate(spec: &Path, out: &Path, timeout: Duration) -> Result<(Outcome, String)> {
    let dir = spec.parent().unwrap_or(Path::new("."));
    let stderr_path = dir.join("stderr.txt");
    let stderr_file = std::fs::File::create(&stderr_path)?;
    let exe = std::env::current_exe().context("finding the xtask binary")?;
    let mut child = Command::new(exe)
        .args(["generate", "--crate-name", "fuzzed", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file)
        .spawn()
        .context("starting a child xtask")?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = std::fs::read(&stderr_path).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr);
    let tail: String = {
        let lines: Vec<&str> = stderr.lines().collect();
        lines[lines.len().saturating_sub(12)..].join("\n")
    };
    let Some(status) = status else {
        return Ok((Outcome::Timeout, tail));
    };
    let file = spec.display().to_string();
    let outcome = classify(status.code(), &stderr, &file);
    Ok((outcome, tail))
}

/// The rule: exit 0, or exit 1 with a clean message; everything else fails.
pub fn classify(code: Option<i32>, stderr: &str, file: &str) -> Outcome {
    if stderr.contains("panicked") || stderr.contains("has overflowed its stack") {
        return Outcome::Crash(format!("panic or stack overflow, exit {code:?}"));
    }
    match code {
        Some(0) => Outcome::Success,
        Some(1) => {
            let Some(error) = stderr.lines().find(|l| l.starts_with("error: ")) else {
                return Outcome::UncleanError("exit 1 without an `error:` line".to_owned());
            };
            let at = format!("error: {file}: at ");
            let syntax = format!("error: {file}: not valid YAML or JSON: ");
            let clean = error
                .strip_prefix(&at)
                .is_some_and(|rest| rest.starts_with('/') || rest.starts_with(": "))
                || error.starts_with(&syntax);
            if clean {
                Outcome::CleanError
            } else {
                Outcome::UncleanError(error.chars().take(300).collect())
            }
        }
        Some(other) => Outcome::Crash(format!("exit code {other}")),
        None => {
            Outcome::Crash("killed by a signal (abort, stack overflow or out of memory)".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_accepts_pointer_and_syntax_errors_only() {
        let f = "/t/m.json";
        let clean = [
            "error: /t/m.json: at /paths/~1a/get: no responses",
            "error: /t/m.json: at : the document must be an object",
            "error: /t/m.json: not valid YAML or JSON: line 1, column 2: x",
        ];
        for text in clean {
            assert_eq!(classify(Some(1), text, f), Outcome::CleanError, "{text}");
        }
        assert_eq!(classify(Some(0), "warning", f), Outcome::Success);
        assert!(matches!(
            classify(
                Some(1),
                "error: internal error: generated code for x does not parse",
                f
            ),
            Outcome::UncleanError(_)
        ));
        assert!(matches!(
            classify(Some(1), "error: /other.json: at /a: b", f),
            Outcome::UncleanError(_)
        ));
        assert!(matches!(
            classify(Some(101), "thread 'main' panicked at", f),
            Outcome::Crash(_)
        ));
        assert!(matches!(
            classify(None, "thread 'main' has overflowed its stack", f),
            Outcome::Crash(_)
        ));
        assert!(matches!(classify(None, "", f), Outcome::Crash(_)));
        assert!(matches!(classify(Some(134), "", f), Outcome::Crash(_)));
    }
}
