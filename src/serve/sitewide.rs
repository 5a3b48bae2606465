//! The pages that list or sum the saved reports (years, departments, home, search, data files),
//! rendered after a save on a thread of their own, from a copy of the site (cheap: the reports
//! are shared), so that the next save's own page never waits for them: the next save cancels
//! the pass at once, writes its own page, and one pass for every save since is started when
//! the cancelled one has stopped (see `commands::serve`).
//!
//! A cancelled pass may still be rendering a page (the data files of every report take a
//! while), but it puts no file in place after it was cancelled: files are written beside
//! their place and renamed there under the [`Gate`], which [`Gate::cancel`] closes. So a page
//! rendered from an older copy of the site never replaces the newer save's page.

use crate::render::{Body, Job, Renderer};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::thread::JoinHandle;
use std::time::Instant;

/// When a rebuild stops rendering, and the lock its files are put in place under.
#[derive(Default)]
pub struct Gate<'n> {
    cancelled: AtomicBool,
    /// Held (shared) while a file is renamed into place, and (alone) to cancel.
    lock: RwLock<()>,
    /// Also stop rendering (but still put in place what is rendered) when this says so: a
    /// rebuild on the serve loop's own thread stops when a newer edit waits.
    newer: Option<&'n (dyn Fn() -> bool + Sync)>,
}

impl<'n> Gate<'n> {
    /// A gate that stops rendering when `newer` says so (and, like [`Gate::default`], when
    /// cancelled).
    pub fn until(newer: &'n (dyn Fn() -> bool + Sync)) -> Gate<'n> {
        Gate {
            newer: Some(newer),
            ..Gate::default()
        }
    }

    /// Stop rendering, and put no file in place from now on (waits for a rename under way).
    pub fn cancel(&self) {
        let _held = self.lock.write().unwrap_or_else(|e| e.into_inner());
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether to stop rendering.
    pub fn stopped(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed) || self.newer.is_some_and(|newer| newer())
    }

    /// Run `f` (a rename into the output folder) unless cancelled; `None`: cancelled.
    pub(super) fn publish<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        let _held = self.lock.read().unwrap_or_else(|e| e.into_inner());
        (!self.cancelled.load(Ordering::Relaxed)).then(f)
    }
}

/// What rendering a list of jobs did.
pub struct Published {
    /// The output paths put in place (not those whose page was already as rendered).
    pub written: Vec<String>,
    /// The gate stopped it before every job was done.
    pub stopped: bool,
}

/// Render jobs in parallel and put their files in place. A page whose bytes are those already
/// in the folder is left as it is and not listed, so an open tab of it does not reload for
/// nothing (a pass cut short renders some pages again in the next one).
pub fn publish(
    renderer: &Renderer,
    jobs: &[&Job],
    out: &Path,
    gate: &Gate,
) -> Result<Published, crate::error::Error> {
    let stopped = AtomicBool::new(false);
    let written = jobs
        .par_iter()
        .map(|job| -> Result<Vec<String>, crate::error::Error> {
            let mut written = vec![];
            if stopped.load(Ordering::Relaxed) || gate.stopped() {
                stopped.store(true, Ordering::Relaxed);
                return Ok(written);
            }
            for (path, body) in renderer.render_parts(job)? {
                // A copy of an earlier output: from that file, just put in place.
                let body = match body {
                    Body::CopyOf { of, prefix } => {
                        let from = out.join(&job.outputs[of]);
                        Body::Stream(Box::new(move |w| {
                            crate::render::copy_after(prefix, &from, w)
                        }))
                    }
                    body => body,
                };
                match put(out, &path, body, gate).map_err(|e| crate::error::Error::io(&path, e))? {
                    Put::Written => written.push(path),
                    Put::Same => {}
                    Put::Stopped => {
                        stopped.store(true, Ordering::Relaxed);
                        break;
                    }
                }
            }
            Ok(written)
        })
        .try_reduce(Vec::new, |mut a, b| {
            a.extend(b);
            Ok(a)
        })?;
    Ok(Published {
        written,
        stopped: stopped.into_inner(),
    })
}

/// What became of one file.
enum Put {
    Written,
    /// An HTML page already as rendered.
    Same,
    /// The gate was cancelled: not put in place.
    Stopped,
}

/// Put one file in place: written beside it (a name of its own: the serve loop writes a saved
/// report's page meanwhile with [`crate::output::write_atomic`]), then renamed over it under
/// the gate. A streamed file (the long CSV of every cell) stops at its next write once the
/// gate stops.
fn put(out: &Path, rel: &str, body: Body, gate: &Gate) -> io::Result<Put> {
    let path = out.join(rel);
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(io::Error::other(format!("not a file path: {rel}")));
    };
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.site-wide.tmp", name.to_string_lossy()));
    let wrote = match body {
        Body::Bytes(bytes) => {
            if rel.ends_with(".html") && std::fs::read(&path).is_ok_and(|old| old == bytes) {
                return Ok(Put::Same);
            }
            std::fs::write(&tmp, bytes)
        }
        Body::Stream(write) => {
            let mut w = Stoppable {
                inner: io::BufWriter::new(std::fs::File::create(&tmp)?),
                gate,
            };
            write(&mut w).and_then(|()| w.inner.flush())
        }
        // `publish` makes each copy a stream of the file it copies.
        Body::CopyOf { of, .. } => Err(io::Error::other(format!("a copy of output {of}"))),
    };
    if let Err(e) = wrote {
        let _ = std::fs::remove_file(&tmp);
        return if gate.stopped() {
            Ok(Put::Stopped)
        } else {
            Err(e)
        };
    }
    match gate.publish(|| std::fs::rename(&tmp, &path)) {
        Some(renamed) => renamed.map(|()| Put::Written),
        None => {
            let _ = std::fs::remove_file(&tmp);
            Ok(Put::Stopped)
        }
    }
}

/// A writer that fails once the gate stops: a streamed file is not finished for nothing.
struct Stoppable<'g, 'n, W> {
    inner: W,
    gate: &'g Gate<'n>,
}

impl<W: Write> Write for Stoppable<'_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.gate.stopped() {
            return Err(io::Error::other("stopped"));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A site-wide pass running on its own thread.
pub struct Pass<T> {
    gate: Arc<Gate<'static>>,
    running: Running<T>,
    /// Set once the work has returned, before `done` is called: the serve loop, woken by
    /// `done`, must find the pass finished (its thread may not have exited yet), or it would
    /// announce the pass's pages only at its next wake-up, seconds later.
    ended: Arc<AtomicBool>,
    /// When it started, for the line printed when it ends.
    pub started: Instant,
}

enum Running<T> {
    Thread(JoinHandle<T>),
    /// No thread could be started: it ran on the caller's.
    Done(T),
}

/// What a pass runs, and what it calls when done.
type Work<T> = (Box<dyn FnOnce(&Gate) -> T + Send>, Box<dyn FnOnce() + Send>);

impl<T: Send + 'static> Pass<T> {
    /// Run `work` on a thread of its own, its parallel parts in a pool of threads that yield to
    /// the serve loop's (a lower priority where the system has one); `done` is called after it.
    pub fn start(
        work: impl FnOnce(&Gate) -> T + Send + 'static,
        done: impl FnOnce() + Send + 'static,
    ) -> Pass<T> {
        let gate = Arc::new(Gate::default());
        let work: Work<T> = (Box::new(work), Box::new(done));
        let slot = Arc::new(Mutex::new(Some(work)));
        let ended = Arc::new(AtomicBool::new(false));
        let (theirs, their_gate, their_end) = (slot.clone(), gate.clone(), ended.clone());
        let run = move |slot: &Mutex<Option<Work<T>>>, gate: &Gate, ended: &AtomicBool| {
            let taken = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
            let (work, done) = taken.expect("a pass runs once");
            let result = match pool() {
                Some(pool) => pool.install(|| work(gate)),
                None => work(gate),
            };
            ended.store(true, Ordering::Release);
            done();
            result
        };
        let spawned = std::thread::Builder::new()
            .name("gongkai-site-wide".into())
            .spawn(move || run(&theirs, &their_gate, &their_end));
        let running = match spawned {
            Ok(thread) => Running::Thread(thread),
            Err(_) => Running::Done(run(&slot, &gate, &ended)),
        };
        Pass {
            gate,
            running,
            ended,
            started: Instant::now(),
        }
    }

    /// Stop it: it renders no further page and puts no file in place from now on.
    pub fn cancel(&self) {
        self.gate.cancel();
    }

    /// Whether its work has returned ([`Pass::join`] then waits at most for its thread to
    /// exit).
    pub fn is_finished(&self) -> bool {
        self.ended.load(Ordering::Acquire)
            || match &self.running {
                Running::Thread(thread) => thread.is_finished(),
                Running::Done(_) => true,
            }
    }

    /// Wait for it to end (a cancelled pass ends once the pages under way are rendered).
    pub fn join(self) -> T {
        match self.running {
            Running::Thread(thread) => match thread.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Running::Done(result) => result,
        }
    }
}

/// The threads site-wide passes render on: as many as rayon's own, started once.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("gongkai-site-wide-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .ok()
    })
    .as_ref()
}

/// Lower the calling thread's priority (on Linux, `nice` is a thread's own): on a machine with
/// few cores, the serve loop's thread then renders a saved page first.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: getpriority and setpriority take no pointers; 0 is the calling thread.
    unsafe {
        let now = libc::getpriority(libc::PRIO_PROCESS as _, 0);
        libc::setpriority(libc::PRIO_PROCESS as _, 0, (now + 10).min(19));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// The serve loop is woken by `done` and looks at once whether the pass is finished: it must
    /// be, although `done` still runs on the pass's thread (here, until the test lets it end).
    #[test]
    fn a_pass_is_finished_when_it_says_it_is_done() {
        let (woke, wake) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let pass = Pass::start(
            |_gate| 7,
            move || {
                woke.send(()).unwrap();
                let _ = released.recv();
            },
        );
        wake.recv().unwrap();
        assert!(pass.is_finished());
        release.send(()).unwrap();
        assert_eq!(pass.join(), 7);
    }
}
