//! `cargo xtask fuzz [--seed N] [--count N] [--time-limit S]`: mutates the Codat specs
//! structurally (see `mutate`) and runs `generate` on each mutant in a child process, into a
//! copy of the unmutated spec's output. Each must exit 0 or fail cleanly (see `child`), and a
//! failed run must leave that output byte for byte as it was. Mutant `i` of seed `s` depends on
//! nothing else, so `--seed s --index i` reruns one; failing mutants are kept in target/fuzz/.

mod child;
mod mutate;
pub mod report;
mod tree;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::{generate_all, pins};
use child::Outcome;
use tree::{copy_tree, read_tree, Tree};

/// The command-line arguments of `fuzz`.
#[derive(clap::Args)]
pub struct Args {
    /// Seed of the run; mutant `i` is the same for the same seed on every machine.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many mutants to run.
    #[arg(long, default_value_t = 40)]
    count: usize,
    /// Start no new mutant after this many seconds.
    #[arg(long, default_value_t = 600)]
    time_limit: u64,
    /// Run only mutant INDEX of the seed (to reproduce one).
    #[arg(long)]
    index: Option<usize>,
    /// Seconds one generation may take before it counts as a hang.
    #[arg(long, default_value_t = 20)]
    timeout: u64,
    /// Mutants run at once (default: the number of cores, at most 2).
    #[arg(long)]
    jobs: Option<usize>,
    /// The directory of specs (default: $CODAT_SPECS_DIR or ../shared/specs/codat).
    #[arg(long)]
    specs: Option<PathBuf>,
    /// Mutate only specs of at most this many bytes (the short run in `cargo xtask test` skips
    /// the largest, which a debug build generates slowly).
    #[arg(long)]
    max_spec_bytes: Option<u64>,
    /// Write the result as the `## Fuzzing` section of this file (e.g. BENCHMARKS.md).
    #[arg(long)]
    report: Option<PathBuf>,
}

/// Counts of one run.
#[derive(Default)]
struct Tally {
    done: usize,
    successes: usize,
    clean_errors: usize,
    crashes: usize,
    timeouts: usize,
    unclean: usize,
    dirty: usize,
}

/// One spec: its file, its parsed document and its unmutated output, made on first use.
struct Spec {
    file: PathBuf,
    doc: OnceLock<Result<Arc<Value>, String>>,
    baseline: OnceLock<Result<Baseline, String>>,
}

/// The unmutated spec's output, which every mutant of it is generated over.
#[derive(Clone)]
struct Baseline {
    dir: PathBuf,
    tree: Arc<Tree>,
    /// How long the unmutated spec took: a mutant may take `HANG_FACTOR` times that, or
    /// `--timeout`, whichever is longer, before it counts as a hang (a debug build is slow).
    elapsed: Duration,
}

/// A progress line is printed after every this many mutants.
const PROGRESS_EVERY: usize = 100;

/// See [`Baseline::elapsed`].
const HANG_FACTOR: u32 = 10;

/// Everything the workers share.
struct Run {
    seed: u64,
    /// The arguments that choose the pool of specs, for the rerun command: a mutant's spec is
    /// drawn from the pool, so a rerun needs the same one.
    pool: String,
    timeout: Duration,
    specs: Vec<Spec>,
    work: PathBuf,
    failures: PathBuf,
}

pub fn run(root: &Path, args: Args) -> Result<std::process::ExitCode> {
    let started = Instant::now();
    let specs_dir = args.specs.clone().unwrap_or_else(|| pins::specs_dir(root));
    let max_bytes = args.max_spec_bytes.unwrap_or(u64::MAX);
    let specs: Vec<Spec> = generate_all::spec_files(&specs_dir)?
        .into_iter()
        .filter(|file| std::fs::metadata(file).is_ok_and(|m| m.len() <= max_bytes))
        .map(|file| Spec {
            file,
            doc: OnceLock::new(),
            baseline: OnceLock::new(),
        })
        .collect();
    if specs.is_empty() {
        bail!("no specs in {}", specs_dir.display());
    }
    let fuzz_dir = root.join("target/fuzz");
    let run = Run {
        seed: args.seed,
        pool: args
            .specs
            .iter()
            .map(|dir| format!(" --specs {}", dir.display()))
            .chain(
                args.max_spec_bytes
                    .map(|b| format!(" --max-spec-bytes {b}")),
            )
            .collect(),
        timeout: Duration::from_secs(args.timeout),
        specs,
        work: fuzz_dir.join(format!("work-{}", std::process::id())),
        failures: fuzz_dir.join("failures"),
    };
    std::fs::create_dir_all(&run.failures)?;
    let indices: Vec<usize> = match args.index {
        Some(index) => vec![index],
        None => (0..args.count).collect(),
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(2)))
        .clamp(1, indices.len().max(1));
    let limit = Duration::from_secs(args.time_limit);
    let next = AtomicUsize::new(0);
    let tally = Mutex::new(Tally::default());
    let errors = Mutex::new(Vec::new());
    let failing = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            // Mutants can be deep; serializing and dropping them recurses.
            let worker = std::thread::Builder::new().stack_size(256 << 20);
            let spawned = worker.spawn_scoped(scope, || loop {
                let slot = next.fetch_add(1, Ordering::SeqCst);
                if slot >= indices.len() || started.elapsed() > limit {
                    break;
                }
                let index = indices[slot];
                match run.one(index) {
                    Ok(verdict) => {
                        if let Some(line) = record(&tally, &run, index, verdict) {
                            let mut failing = failing.lock().unwrap_or_else(|e| e.into_inner());
                            failing.push((index, line));
                        }
                    }
                    Err(error) => errors
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!("mutant {index}: {error:#}")),
                }
            });
            if let Err(error) = spawned {
                errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(format!("starting a worker: {error}"));
            }
        }
    });
    let _ = std::fs::remove_dir_all(&run.work);
    let tally = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    let done = tally.done;
    println!(
        "fuzz seed {}: {done} of {} mutants in {:.1} s ({jobs} jobs): {} successes, {} clean errors, \
         {} crashes, {} timeouts, {} unclean errors, {} failed runs that changed the output{}",
        run.seed,
        indices.len(),
        started.elapsed().as_secs_f64(),
        tally.successes,
        tally.clean_errors,
        tally.crashes,
        tally.timeouts,
        tally.unclean,
        tally.dirty,
        if done < indices.len() && errors.is_empty() { " (time limit reached)" } else { "" },
    );
    for error in &errors {
        eprintln!("fuzzer error: {error}");
    }
    if let Some(file) = &args.report {
        let mut failing = failing.into_inner().unwrap_or_else(|e| e.into_inner());
        failing.sort();
        let failing: Vec<String> = failing.into_iter().map(|(_, line)| line).collect();
        let command = format!(
            "cargo xtask fuzz --seed {} --count {}{}",
            run.seed,
            indices.len(),
            args.max_spec_bytes
                .map(|b| format!(" --max-spec-bytes {b}"))
                .unwrap_or_default()
        );
        let section = report::render(&report::Summary {
            command: &command,
            date: &crate::bench::today(),
            machine: &crate::bench::machine(),
            ran: done,
            asked: indices.len(),
            seed: run.seed,
            successes: tally.successes,
            clean_errors: tally.clean_errors,
            crashes: tally.crashes,
            timeouts: tally.timeouts,
            unclean: tally.unclean,
            dirty: tally.dirty,
            seconds: started.elapsed().as_secs_f64(),
            failing: &failing,
        });
        let path = root.join(file);
        let previous = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, report::replace(&previous, &section))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let failed = tally.crashes + tally.timeouts + tally.unclean + tally.dirty;
    if failed > 0 || !errors.is_empty() {
        eprintln!("failing mutants are in {}", run.failures.display());
        return Ok(std::process::ExitCode::FAILURE);
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// What one mutant did.
struct Verdict {
    outcome: Outcome,
    /// A failed run changed the existing output.
    dirty: bool,
    notes: Vec<String>,
    spec: PathBuf,
    mutant: PathBuf,
    stderr: String,
}

/// Counts `v`; for a failing mutant, keeps it in target/fuzz/failures and returns one line
/// naming it.
fn record(tally: &Mutex<Tally>, run: &Run, index: usize, v: Verdict) -> Option<String> {
    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
    t.done += 1;
    let mut problems = Vec::new();
    match &v.outcome {
        Outcome::Success => t.successes += 1,
        Outcome::CleanError => t.clean_errors += 1,
        Outcome::Crash(why) => {
            t.crashes += 1;
            problems.push(format!("crash: {why}"));
        }
        Outcome::Timeout => {
            t.timeouts += 1;
            problems.push(format!(
                "timeout: no exit within max({} s, {HANG_FACTOR} x the unmutated spec)",
                run.timeout.as_secs()
            ));
        }
        Outcome::UncleanError(line) => {
            t.unclean += 1;
            problems.push(format!("unclean error: {line}"));
        }
    }
    if v.dirty {
        t.dirty += 1;
        problems.push("the failed run changed the existing output".to_owned());
    }
    if t.done % PROGRESS_EVERY == 0 {
        eprintln!(
            "  {} mutants: {} crashes, {} timeouts, {} unclean errors so far",
            t.done, t.crashes, t.timeouts, t.unclean
        );
    }
    drop(t);
    if problems.is_empty() {
        return None;
    }
    let what = problems.join("; ");
    let name = format!("seed-{}-index-{index}", run.seed);
    let rerun = format!(
        "cargo xtask fuzz --seed {} --index {index}{}",
        run.seed, run.pool
    );
    let kept = run.failures.join(format!("{name}.json"));
    let _ = std::fs::copy(&v.mutant, &kept);
    let report = format!(
        "{what}\nspec: {}\nmutations:\n  {}\nrerun: {rerun}\n\
         or: cargo xtask generate --spec {} --out /tmp/fuzzed --crate-name fuzzed\nstderr (tail):\n{}\n",
        v.spec.display(),
        v.notes.join("\n  "),
        kept.display(),
        v.stderr
    );
    let _ = std::fs::write(run.failures.join(format!("{name}.txt")), &report);
    let spec = v.spec.file_name().unwrap_or_default().to_string_lossy();
    let notes = v.notes.join("; ");
    eprintln!("FAIL mutant {index} ({spec}): {what}\n  mutations: {notes}\n  rerun: {rerun}");
    let notes: String = notes.chars().take(200).collect();
    Some(format!("`{rerun}` ({spec}): {what}; mutations: {notes}"))
}

impl Run {
    /// Makes mutant `index`, runs it into a copy of its spec's output, and judges it.
    fn one(&self, index: usize) -> Result<Verdict> {
        let mut rng = fastrand::Rng::with_seed(mix(self.seed, index as u64));
        let spec = &self.specs[rng.usize(..self.specs.len())];
        let doc = spec
            .doc
            .get_or_init(|| parse(&spec.file))
            .clone()
            .map_err(anyhow::Error::msg)?;
        let baseline = spec
            .baseline
            .get_or_init(|| self.baseline(spec).map_err(|e| format!("{e:#}")))
            .clone()
            .map_err(anyhow::Error::msg)?;
        let (mutant, notes) = mutate::mutate(&doc, &mut rng);
        let dir = self.work.join(format!("m{index}"));
        std::fs::create_dir_all(&dir)?;
        let mutant_file = dir.join(format!("mutant-{}-{index}.json", self.seed));
        std::fs::write(&mutant_file, mutate::to_json(&mutant))?;
        drop(mutant);
        let out = dir.join("out");
        copy_tree(&baseline.dir, &out, &baseline.tree)?;
        let timeout = self.timeout.max(baseline.elapsed * HANG_FACTOR);
        let (outcome, stderr) = child::generate(&mutant_file, &out, timeout)?;
        let dirty = outcome != Outcome::Success && read_tree(&out)? != *baseline.tree;
        let verdict = Verdict {
            outcome,
            dirty,
            notes,
            spec: spec.file.clone(),
            mutant: mutant_file,
            stderr,
        };
        if matches!(verdict.outcome, Outcome::Success | Outcome::CleanError) && !dirty {
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            // Kept until the failing mutant is copied out; the whole work dir goes at the end.
            let _ = std::fs::remove_dir_all(&out);
        }
        Ok(verdict)
    }

    /// Generates the unmutated spec once, into work/base-<n>, and reads it back.
    fn baseline(&self, spec: &Spec) -> Result<Baseline> {
        let slug = generate_all::slug(&spec.file);
        let out = self.work.join(format!("base-{slug}"));
        let started = Instant::now();
        let (outcome, stderr) = child::generate(&spec.file, &out, self.timeout * HANG_FACTOR)?;
        let elapsed = started.elapsed();
        if outcome != Outcome::Success {
            bail!(
                "the unmutated {} does not generate ({outcome:?}): {stderr}",
                spec.file.display()
            );
        }
        let tree = Arc::new(read_tree(&out)?);
        Ok(Baseline {
            dir: out,
            tree,
            elapsed,
        })
    }
}

/// A well-spread 64-bit seed for mutant `index` of run `seed` (SplitMix64's finalizer).
fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(index.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn parse(file: &Path) -> Result<Arc<Value>, String> {
    let text =
        std::fs::read_to_string(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    serde_yaml::from_str(&text)
        .map(Arc::new)
        .map_err(|e| format!("parsing {}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mutant_has_its_own_seed() {
        let seeds: std::collections::BTreeSet<u64> = (0..1000).map(|i| mix(1, i)).collect();
        assert_eq!(seeds.len(), 1000);
        assert_ne!(mix(1, 0), mix(2, 0));
        assert_eq!(mix(5, 9), mix(5, 9));
    }
}
