//! Starts the Prism mock server (`@stoplight/prism-cli`, pinned in `tools/prism`) on a free
//! loopback port for a test, and stops it again when the [`Prism`] value is dropped.
//!
//! Prism answers every operation of the spec it is given and validates each request against
//! it. A request that breaks the spec gets a 4XX answer: the spec's own 400/401 example with an
//! `sl-violations` header when the operation declares one, else Prism's 422
//! `application/problem+json`. Either way the log says why, and [`Prism::request_problems`]
//! collects those reasons, so a test of the generated client that cannot see headers can still
//! assert that it sent nothing Prism objected to.
//!
//! ```no_run
//! use sdk_tests::prism::{Mode, Prism};
//!
//! let Some(prism) = Prism::start_or_skip(std::path::Path::new(sdk_tests::SPEC), Mode::Static)
//! else {
//!     return; // not installed and not on CI: the reason was printed
//! };
//! let base_url = prism.base_url(); // "http://127.0.0.1:PORT", no trailing slash
//! // ... point the client at base_url and call operations ...
//! let problems = prism.request_problems();
//! assert!(problems.is_empty(), "Prism rejected requests:\n{}", problems.join("\n"));
//! ```
//!
//! To choose the answer, send Prism's `Prefer` header with the request (through the generated
//! client: `RequestOptions::new().header(..)` and `with_options`): `Prefer: code=200` picks the
//! status, `example=<name>` one of that response's named examples (unquoted, spaces allowed;
//! an unknown name gets a 404), and `dynamic=true` a random value even in [`Mode::Static`].
//! Without it, static mode answers with the lowest 2XX and its first example. A `Hook` whose
//! `after_success` reads `sl-violations` sees what Prism found wrong with a request or with
//! its own answer (`"location":["request",...]` or `["response",...]`); see
//! `tests/prism_static.rs`.
//!
//! Install Prism once with `npm ci --prefix tools/prism` from the workspace root (needs Node).
//! `PRISM_BIN` overrides where the executable is looked for, and `PRISM_SEED` fixes the seed of
//! [`Mode::Dynamic`] to replay a failure. Prism takes about 1.5 s to start on the Platform spec and
//! holds about 170 MB, so a test binary should start one and send all its requests to it.
//!
//! Prism runs under a small `sh` watchdog in a process group of its own. Dropping [`Prism`], or
//! the test process dying in any way, closes the watchdog's stdin; it then kills Prism, waits
//! for it and ends the rest of the group, so no server outlives its tests. Drop returns once
//! the watchdog has exited, so the port is closed by then.

use std::fs::{self, File};
use std::io::{self, ErrorKind};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How Prism makes its answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The spec's examples (the first one when there are several), else a value Prism builds
    /// from the schema; the same answer every time.
    Static,
    /// A random schema-valid value for each request (`prism mock -d`); seeded from `PRISM_SEED`
    /// when that is set.
    Dynamic,
    /// Like [`Mode::Dynamic`], with this seed: the same request gets the same answer.
    DynamicSeeded(u64),
}

/// A running Prism mock server; killed, with every process it started, when dropped.
#[derive(Debug)]
pub struct Prism {
    base_url: String,
    child: Child,
    log_path: PathBuf,
}

/// How long Prism may take from spawn to listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How often to try again when another process took the port between choosing and binding it.
const PORT_ATTEMPTS: u32 = 3;
/// Lines of the log quoted in an error.
const LOG_TAIL_LINES: usize = 40;

/// Runs `"$@"` (prism and its arguments) in the background and kills it once stdin reaches end
/// of file, which happens when [`Prism`] is dropped or the test process exits. Exits only after
/// Prism has stopped and been reaped, with Prism's status, after ending the rest of the process
/// group (the stdin watcher, anything Prism started).
const WATCHDOG: &str = r#"exec 3<&0
"$@" </dev/null &
p=$!
{ cat <&3 >/dev/null; kill -KILL "$p" 2>/dev/null; } &
exec 3<&-
wait "$p"
s=$?
trap '' TERM
kill -TERM 0 2>/dev/null
exit "$s""#;

impl Prism {
    /// Starts `prism mock` on `spec` on a free port of 127.0.0.1 and waits until it accepts
    /// connections and has logged that it listens (at most 60 s).
    ///
    /// The error says what went wrong and quotes the end of Prism's log; when Prism is not
    /// installed it says to run `npm ci --prefix tools/prism`.
    pub fn start(spec: &Path, mode: Mode) -> Result<Prism, String> {
        let bin = prism_bin();
        if !bin.exists() {
            return Err(format!(
                "Prism is not installed at {}: run `npm ci --prefix tools/prism` in {} (needs Node 18.20 or later)",
                bin.display(),
                workspace_root().display()
            ));
        }
        if !spec.is_file() {
            return Err(format!("the spec {} does not exist", spec.display()));
        }
        let mut last_error = String::new();
        for _ in 0..PORT_ATTEMPTS {
            match Self::start_on_free_port(&bin, spec, mode)? {
                Ok(prism) => return Ok(prism),
                Err(port_taken) => last_error = port_taken,
            }
        }
        Err(last_error)
    }

    /// [`Prism::start`], except that when Prism is not installed and the `CI` variable is not
    /// `true` it prints why and returns `None`, so a developer without Node can still run the
    /// other tests. Panics on any other failure, and on CI when Prism is missing.
    pub fn start_or_skip(spec: &Path, mode: Mode) -> Option<Prism> {
        let on_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        if !prism_bin().exists() && !on_ci {
            eprintln!(
                "skipped: Prism is not installed at {}; run `npm ci --prefix tools/prism`",
                prism_bin().display()
            );
            return None;
        }
        match Prism::start(spec, mode) {
            Ok(prism) => Some(prism),
            Err(e) => panic!("{e}"),
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash; the spec's paths go right after it.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The port Prism listens on.
    pub fn port(&self) -> u16 {
        self.base_url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// Where Prism's stdout and stderr go; the file is removed when the server is dropped.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Everything Prism has logged so far, once the log has stopped growing for a moment.
    pub fn log(&self) -> String {
        settled_log(&self.log_path)
    }

    /// Every request Prism found wrong so far, one line per reason, as
    /// `"post /companies: Request body must have required property 'name'"`: requests that
    /// break the spec (parameters, body, content type, missing `Authorization`), and requests
    /// to a path or method the spec does not have. Problems of Prism's own answers (the spec's
    /// examples do not all match its schemas) are not included.
    ///
    /// Read from the log, so the lines of concurrent requests may be attributed to the wrong
    /// request; whether the list is empty is always right.
    pub fn request_problems(&self) -> Vec<String> {
        request_problems(&self.log())
    }

    fn start_on_free_port(
        bin: &Path,
        spec: &Path,
        mode: Mode,
    ) -> Result<Result<Prism, String>, String> {
        let port = free_port().map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
        let log_path = log_path(port);
        let log = File::create(&log_path)
            .map_err(|e| format!("cannot create the Prism log {}: {e}", log_path.display()))?;
        let log_err = log
            .try_clone()
            .map_err(|e| format!("cannot share the Prism log: {e}"))?;

        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(WATCHDOG)
            .arg("prism-watchdog")
            .arg(bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()]);
        match mode {
            Mode::Static => {}
            Mode::Dynamic => {
                command.arg("--dynamic");
                if let Ok(seed) = std::env::var("PRISM_SEED") {
                    command.args(["--seed", &seed]);
                }
            }
            Mode::DynamicSeeded(seed) => {
                command.args(["--dynamic", "--seed", &seed.to_string()]);
            }
        }
        command
            .arg(spec)
            .stdin(Stdio::piped())
            .stdout(log)
            .stderr(log_err)
            .process_group(0);
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start `sh` to run {}: {e}", bin.display()))?;
        let mut prism = Prism {
            base_url: format!("http://127.0.0.1:{port}"),
            child,
            log_path,
        };

        let listening = format!("Prism is listening on {}", prism.base_url);
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let log = fs::read_to_string(&prism.log_path).unwrap_or_default();
            if let Ok(Some(status)) = prism.child.try_wait() {
                let message = format!(
                    "Prism exited ({status}) before listening on port {port}; its log {}:\n{}",
                    prism.log_path.display(),
                    tail(&log)
                );
                prism.keep_log();
                return if log.contains("EADDRINUSE") {
                    Ok(Err(message))
                } else {
                    Err(message)
                };
            }
            if log.contains(&listening)
                && TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
            {
                return Ok(Ok(prism));
            }
            if Instant::now() >= deadline {
                prism.keep_log();
                return Err(format!(
                    "Prism did not listen on port {port} within {}s; its log {}:\n{}",
                    START_TIMEOUT.as_secs(),
                    prism.log_path.display(),
                    tail(&log)
                ));
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// Leaves the log file in place after drop, for an error message that names it.
    fn keep_log(&mut self) {
        self.log_path = PathBuf::new();
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // End of file on the watchdog's stdin makes it kill Prism, reap it and end the group.
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            sleep(Duration::from_millis(10));
        }
        if matches!(self.child.try_wait(), Ok(None)) {
            // Stuck: kill the whole group. Its id is the watchdog's pid (`process_group(0)`).
            let group = format!("-{}", self.child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if !self.log_path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.log_path);
        }
    }
}

/// `tools/prism/node_modules/.bin/prism` in the workspace, or `$PRISM_BIN`.
pub fn prism_bin() -> PathBuf {
    match std::env::var_os("PRISM_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => workspace_root().join("tools/prism/node_modules/.bin/prism"),
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// A port nobody listens on right now; another process may still take it before Prism does.
fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn log_path(port: u16) -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("prism-{}-{n}-{port}.log", std::process::id()))
}

/// The log once it has not grown for 50 ms (at most 2 s): Prism may still be writing the
/// lines of a request whose answer the test has already read.
fn settled_log(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut last = fs::metadata(path).map(|m| m.len()).ok();
    loop {
        sleep(Duration::from_millis(50));
        let now = fs::metadata(path).map(|m| m.len()).ok();
        if now == last || Instant::now() >= deadline {
            break;
        }
        last = now;
    }
    match fs::read_to_string(path) {
        Ok(log) => log,
        Err(e) if e.kind() == ErrorKind::NotFound => String::new(),
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

/// The last lines of `log`.
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
}

/// Reasons Prism gave for rejecting requests, read from its log (see
/// [`Prism::request_problems`]). Prism 5 logs, per request:
///
/// ```text
/// [6:34:12 AM] › [HTTP SERVER] get /companies ℹ  info      Request received
/// [6:34:12 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
/// [6:34:12 AM] ›     [VALIDATOR] ✖  error     Request query parameter page must be integer
/// [6:34:12 AM] ›     [VALIDATOR] ✖  error     Violation: request.query.page Request query ...
/// [6:34:12 AM] › [HTTP SERVER] get /nonexistent ✖  error     Request terminated with error: https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR: Route not resolved, no path matched
/// ```
///
/// The `Violation:` lines repeat the reasons (and also report problems of the answer), so
/// only the plain ones after "did not pass" count, plus every terminated request other than
/// the 422 that follows a failed validation.
fn request_problems(log: &str) -> Vec<String> {
    const SERVER: &str = "[HTTP SERVER] ";
    const ERROR: &str = "✖  error";
    let mut problems = Vec::new();
    let mut request = String::new();
    let mut invalid = false;
    for line in log.lines() {
        if let Some(at) = line.find(SERVER) {
            let rest = &line[at + SERVER.len()..];
            if let Some(end) = rest.find(" ℹ  info      Request received") {
                request = rest[..end].to_owned();
                invalid = false;
            } else if let Some(end) = rest.find(ERROR) {
                let message = rest[end + ERROR.len()..].trim();
                if !message.contains("#UNPROCESSABLE_ENTITY") {
                    problems.push(format!("{}: {message}", rest[..end].trim()));
                }
            }
        } else if line.contains("[VALIDATOR]") {
            if line.contains("Request did not pass the validation rules") {
                invalid = true;
            } else if let (true, Some(end)) = (invalid, line.find(ERROR)) {
                let message = line[end + ERROR.len()..].trim();
                if !message.starts_with("Violation:") {
                    problems.push(format!("{request}: {message}"));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::request_problems;

    #[test]
    fn request_problems_come_from_validation_and_routing_errors() {
        let log = "\
[6:34:12 AM] › [HTTP SERVER] get /companies ℹ  info      Request received
[6:34:12 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[6:34:12 AM] ›     [VALIDATOR] ✖  error     Request query parameter page must be integer
[6:34:12 AM] ›     [NEGOTIATOR] ℹ  info      > Responding with \"400\"
[6:34:12 AM] ›     [VALIDATOR] ✖  error     Violation: request.query.page Request query parameter page must be integer
[6:34:12 AM] › [HTTP SERVER] get /integrations/gbol ℹ  info      Request received
[6:34:12 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[6:34:12 AM] ›     [VALIDATOR] ✖  error     Violation: response.body.sourceId Response body property sourceId must match format \"uuid\"
[6:34:12 AM] › [HTTP SERVER] get /companies/x ℹ  info      Request received
[6:34:12 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[6:34:12 AM] ›     [VALIDATOR] ✖  error     Request path parameter companyid must match format \"uuid\"
[6:34:12 AM] › [HTTP SERVER] get /companies/x ✖  error     Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request
[6:34:12 AM] › [HTTP SERVER] get /nope ℹ  info      Request received
[6:34:12 AM] › [HTTP SERVER] get /nope ✖  error     Request terminated with error: https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR: Route not resolved, no path matched
";
        assert_eq!(
            request_problems(log),
            [
                "get /companies: Request query parameter page must be integer",
                "get /companies/x: Request path parameter companyid must match format \"uuid\"",
                "get /nope: Request terminated with error: https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR: Route not resolved, no path matched",
            ]
        );
    }
}
