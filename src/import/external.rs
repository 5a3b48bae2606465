//! External converters (pdftotext, LibreOffice, antiword; tesseract once OCR arrives), run so that
//! a hostile document cannot hold the import up, fill the memory, reach the network or leave a
//! process behind.
//!
//! Every run has a deadline and a cap on what it may print; the tool starts in its own process
//! group, and the whole group is killed when the run ends (normally or not), so a helper the tool
//! started (LibreOffice's `soffice.bin`) cannot outlive it and re-create a removed scratch folder.
//! Where the kernel lets an unprivileged user do it, the tool runs in a new, empty network
//! namespace (no interface but a loopback that is down): a document that names a remote image or
//! style sheet cannot make the converter fetch it. Where it does not (a container that forbids
//! namespaces), the tool runs without, and each caller keeps its own guards (a .doc's magic bytes
//! are checked before LibreOffice sees it, and LibreOffice gets a profile whose proxy is a closed
//! port).

use crate::i18n::Arg;
use crate::msg;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What one run may take.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wall-clock time from start to end.
    pub deadline: Duration,
    /// Bytes of standard output kept; a tool printing more is stopped (the run fails).
    pub max_stdout: usize,
    /// Bytes of standard error kept; the rest is read and dropped (a chatty tool is not a failure).
    pub max_stderr: usize,
    /// Address space of the tool, when it can be bounded (not for LibreOffice, which maps far
    /// more than it uses).
    pub max_memory: Option<u64>,
}

/// A run that ended by itself.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// At most [`Limits::max_stderr`] bytes.
    pub stderr: Vec<u8>,
}

impl Finished {
    /// Standard error as text, trimmed, for a message.
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).trim().to_string()
    }
}

/// Why a run gave no result.
#[derive(Debug)]
pub enum Failure {
    /// The program is not installed (not on `PATH`).
    NotInstalled,
    /// It could not be started.
    CannotStart(std::io::Error),
    /// Still running at the deadline: stopped.
    TimedOut(Duration),
    /// Printed more than [`Limits::max_stdout`]: stopped.
    TooMuchOutput(usize),
}

impl Failure {
    /// Why, in words, for a message (`reason = …`).
    pub fn reason(&self) -> Arg {
        match self {
            Failure::NotInstalled => Arg::Ref("imp-tool-not-installed"),
            Failure::CannotStart(e) => crate::error::io_reason(e),
            Failure::TimedOut(d) => msg!("imp-timeout", seconds = d.as_secs()).into(),
            Failure::TooMuchOutput(max) => {
                msg!("imp-tool-too-much-output", mb = (*max / 1_000_000).max(1)).into()
            }
        }
    }
}

/// Whether new network namespaces are known not to work here (set after the first refusal, so
/// later runs do not try again).
static NO_NETNS: AtomicBool = AtomicBool::new(false);

/// Run `cmd` within `limits`: its standard input empty, its output collected up to the caps, the
/// whole process group killed at the end. `cmd`'s stdio and process group are set here.
pub fn run(cmd: &mut Command, limits: &Limits) -> Result<Finished, Failure> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    set_rlimits(cmd, limits);
    let child = if NO_NETNS.load(Ordering::Relaxed) {
        cmd.spawn()
    } else {
        isolate_network(cmd);
        match cmd.spawn() {
            // EPERM (a container's seccomp, a hardened kernel), EINVAL or ENOSYS: no namespace.
            Err(e)
                if !matches!(e.kind(), std::io::ErrorKind::NotFound)
                    && e.raw_os_error().is_some_and(|c| {
                        [
                            libc::EPERM,
                            libc::EINVAL,
                            libc::ENOSYS,
                            libc::ENOSPC,
                            libc::EUSERS,
                        ]
                        .contains(&c)
                    }) =>
            {
                NO_NETNS.store(true, Ordering::Relaxed);
                clear_pre_exec_network(cmd, limits)
            }
            other => other,
        }
    };
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Failure::NotInstalled),
        Err(e) => return Err(Failure::CannotStart(e)),
    };
    let overflow = Arc::new(AtomicBool::new(false));
    let stdout = child
        .stdout
        .take()
        .map(|s| reader(s, limits.max_stdout, Some(overflow.clone())));
    let stderr = child
        .stderr
        .take()
        .map(|s| reader(s, limits.max_stderr, None));
    let start = Instant::now();
    let ended = loop {
        if exited(&child) {
            break Ok(());
        }
        if overflow.load(Ordering::Relaxed) {
            break Err(Failure::TooMuchOutput(limits.max_stdout));
        }
        if start.elapsed() >= limits.deadline {
            break Err(Failure::TimedOut(limits.deadline));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // The child is exited but not reaped (or still running): its process group id cannot have
    // been reused, so this kills exactly what the tool started.
    kill_group(&child);
    let status = child.wait().map_err(Failure::CannotStart)?;
    let stdout = stdout.map(collect).unwrap_or_default();
    let stderr = stderr.map(collect).unwrap_or_default();
    ended?;
    if overflow.load(Ordering::Relaxed) {
        return Err(Failure::TooMuchOutput(limits.max_stdout));
    }
    Ok(Finished {
        status,
        stdout,
        stderr,
    })
}

/// After a refused namespace: the command again, with only the resource limits.
fn clear_pre_exec_network(cmd: &mut Command, limits: &Limits) -> std::io::Result<Child> {
    // `Command` cannot drop a pre_exec hook once added: build the same command again.
    let mut again = Command::new(cmd.get_program());
    again.args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        again.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => again.env(k, v),
            None => again.env_remove(k),
        };
    }
    again
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    set_rlimits(&mut again, limits);
    again.spawn()
}

/// A new user and network namespace for the tool, entered between fork and exec.
fn isolate_network(cmd: &mut Command) {
    // SAFETY: unshare(2) is a single system call, async-signal-safe, run in the forked child
    // before exec; the child is single-threaded, as a new user namespace requires.
    unsafe {
        cmd.pre_exec(|| {
            if libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

/// Memory and CPU bounds of the tool, set between fork and exec (the CPU bound is a backstop
/// behind the deadline, for a tool left behind by a killed gongkai).
fn set_rlimits(cmd: &mut Command, limits: &Limits) {
    let memory = limits.max_memory;
    let cpu = limits.deadline.as_secs() + 5;
    // SAFETY: setrlimit(2) is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let cpu = libc::rlimit {
                rlim_cur: cpu as libc::rlim_t,
                rlim_max: cpu as libc::rlim_t,
            };
            libc::setrlimit(libc::RLIMIT_CPU, &cpu);
            if let Some(bytes) = memory {
                let mem = libc::rlimit {
                    rlim_cur: bytes as libc::rlim_t,
                    rlim_max: bytes as libc::rlim_t,
                };
                libc::setrlimit(libc::RLIMIT_AS, &mem);
            }
            Ok(())
        });
    }
}

/// Whether the child has exited, without reaping it (its pid, and so its process group id,
/// stay reserved until [`Child::wait`]).
fn exited(child: &Child) -> bool {
    let pid: libc::id_t = child.id();
    // SAFETY: waitid with WNOWAIT only reads the child's state into a zeroed siginfo_t.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let rc = libc::waitid(
            libc::P_PID,
            pid,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        );
        rc != 0 || info.si_pid() != 0
    }
}

/// SIGKILL to the child's whole process group (the child leads it: `process_group(0)`).
fn kill_group(child: &Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals that process group only; the group is ours.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

/// A thread reading a pipe to its end, keeping at most `cap` bytes. With `overflow`, passing the
/// cap sets it and stops reading (the tool is then killed); without, the rest is read and dropped.
fn reader(
    mut pipe: impl Read + Send + 'static,
    cap: usize,
    overflow: Option<Arc<AtomicBool>>,
) -> std::sync::mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let room = cap.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                    if n > room
                        && let Some(flag) = &overflow
                    {
                        flag.store(true, Ordering::Relaxed);
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = tx.send(kept);
    });
    rx
}

/// What a reader kept. The group is dead by now, so the pipe is closed unless a process escaped
/// it (a daemon in its own session): then whatever arrives within a moment.
fn collect(rx: std::sync::mpsc::Receiver<Vec<u8>>) -> Vec<u8> {
    rx.recv_timeout(Duration::from_secs(5)).unwrap_or_default()
}

/// A fresh private folder (0700) in the temporary folder, removed when dropped: a converter's
/// profile and output. Drop it only after [`run`] returned (the tool's group is dead then, so
/// nothing re-creates it).
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(what: &str) -> std::io::Result<Scratch> {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("gongkai-{what}-{}-{nanos}-{n}", std::process::id()));
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(0o700).create(&path)?;
        Ok(Scratch(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(seconds: u64) -> Limits {
        Limits {
            deadline: Duration::from_secs(seconds),
            max_stdout: 1000,
            max_stderr: 100,
            max_memory: None,
        }
    }

    fn alive(pid: i32) -> bool {
        // A zombie is dead for this purpose: /proc shows its state as Z.
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| {
                !s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
            .unwrap_or(false)
    }

    #[test]
    fn output_and_status_come_back() {
        let out = run(
            Command::new("sh").args(["-c", "printf hello; printf oops >&2; exit 3"]),
            &limits(30),
        )
        .unwrap();
        assert_eq!(out.stdout, b"hello");
        assert_eq!(out.stderr_text(), "oops");
        assert_eq!(out.status.code(), Some(3));
    }

    #[test]
    fn a_missing_program_is_not_installed() {
        let r = run(&mut Command::new("gongkai-no-such-tool"), &limits(30));
        assert!(matches!(r, Err(Failure::NotInstalled)), "{r:?}");
    }

    #[test]
    fn too_much_output_stops_the_tool() {
        let r = run(&mut Command::new("yes"), &limits(60));
        assert!(matches!(r, Err(Failure::TooMuchOutput(1000))), "{r:?}");
    }

    #[test]
    fn a_chatty_stderr_is_cut_not_fatal() {
        let out = run(
            Command::new("sh").args(["-c", "head -c 100000 /dev/zero >&2; echo done"]),
            &limits(30),
        )
        .unwrap();
        assert_eq!(out.stderr.len(), 100);
        assert_eq!(out.stdout, b"done\n");
    }

    #[test]
    fn the_deadline_kills_the_whole_group() {
        let scratch = Scratch::new("test").unwrap();
        let pidfile = scratch.path().join("pid");
        // A grandchild in the background, as soffice starts soffice.bin.
        let script = format!("sleep 1000 & echo $! > {}; wait", pidfile.display());
        let r = run(Command::new("sh").args(["-c", &script]), &limits(1));
        assert!(matches!(r, Err(Failure::TimedOut(_))), "{r:?}");
        let pid = pid_in(&pidfile);
        assert!(gone(pid), "grandchild {pid} outlived the deadline");
    }

    #[test]
    fn a_helper_left_behind_after_a_normal_exit_is_killed() {
        let scratch = Scratch::new("test").unwrap();
        let pidfile = scratch.path().join("pid");
        let script = format!(
            "sleep 1000 >/dev/null 2>&1 & echo $! > {}",
            pidfile.display()
        );
        run(Command::new("sh").args(["-c", &script]), &limits(30)).unwrap();
        let pid = pid_in(&pidfile);
        assert!(gone(pid), "helper {pid} outlived its tool");
    }

    /// The process id a test script wrote into `file`.
    fn pid_in(file: &Path) -> i32 {
        std::fs::read_to_string(file)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Whether the process is gone within 5 s (SIGKILL is delivered before kill(2) returns; the
    /// init process reaps the orphan).
    fn gone(pid: i32) -> bool {
        (0..500).any(|_| {
            std::thread::sleep(Duration::from_millis(10));
            !alive(pid)
        })
    }

    /// Where the kernel allows a network namespace, a tool cannot reach even this machine.
    #[test]
    fn no_network_where_a_namespace_can_be_made() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let script = format!("exec 3<>/dev/tcp/127.0.0.1/{port} && echo connected");
        let out = run(Command::new("bash").args(["-c", &script]), &limits(30)).unwrap();
        if NO_NETNS.load(Ordering::Relaxed) {
            eprintln!("no network namespace here: the tool ran with the network");
            return;
        }
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!out.status.success());
    }

    #[test]
    fn scratch_is_private_and_removed() {
        use std::os::unix::fs::PermissionsExt;
        let s = Scratch::new("test").unwrap();
        let p = s.path().to_path_buf();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        std::fs::write(p.join("x"), "x").unwrap();
        drop(s);
        assert!(!p.exists());
    }
}
