//! Faults during `build`: the process killed (SIGKILL, Ctrl-C), the output not writable, the disk
//! full, a content file deleted while the build runs. Each time the previous output stays as it
//! was, what was left is cleaned by the next run, and the message says what happened.

mod common;

use common::*;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\npublish_with_errors = true\n";

/// A site of `n` reports (big enough that a build takes a while in a debug binary).
fn site(root: &Path, n: usize) -> SiteBuilder {
    let s = SiteBuilder::new(root, CONFIG);
    for i in 0..n {
        s.report(
            2023,
            &format!("d{i}"),
            &simple_report(&format!("部门{i}"), 2023, 2),
        );
    }
    s
}

/// The unfinished folder a build stages its output in, beside the output (its name ends with
/// the build's process id and a clock reading); a path that does not exist when there is none.
fn staging(out: &Path) -> PathBuf {
    let prefix = format!(
        ".{}.gongkai-new-",
        out.file_name().unwrap().to_string_lossy()
    );
    let parent = out.parent().unwrap();
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .unwrap_or_else(|| parent.join(prefix))
}

/// Two builds into one output (issue 25, item 8): they used to stage into the same folder, and
/// the second removed the first's as left over. The second is now refused while the first holds
/// the lock beside the output, with a message that says so, and touches nothing.
#[test]
fn a_second_build_into_the_same_output_is_refused_while_the_first_runs() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), 3);
    let out = dir.path().join("out");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    s.report(2024, "new", &simple_report("新部门", 2024, 1));
    // A build in progress holds the lock beside the output while it writes (and removes the file
    // when done): as the first of two builds.
    assert!(!dir.path().join(".out.gongkai-lock").exists());
    let lock = std::fs::File::create(dir.path().join(".out.gongkai-lock")).unwrap();
    lock.try_lock().unwrap();
    let o = build(&s.root, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("another gongkai build is writing this output folder"),
        "{}",
        stderr(&o)
    );
    assert!(snapshot(&out) == before, "the output changed");
    let o = gongkai_zh(&[
        "build",
        s.root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("另一个 gongkai 正在生成这个输出文件夹"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("gongkai-new")),
        "nothing staged: {names:?}"
    );
    // Once the first is done, the next build runs.
    drop(lock);
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("2024/new/index.html").exists());
}

/// The real binary in Chinese.
fn gongkai_zh(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), 300);
    let out = dir.path().join("out");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    s.report(2024, "new", &simple_report("新部门", 2024, 1));
    for signal in [libc::SIGKILL, libc::SIGINT] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gongkai"));
        command
            .args([
                "build",
                s.root.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ])
            .stderr(Stdio::null());
        // Ctrl-C as a clerk's terminal delivers it. A test run started with `nohup … &`, or in
        // the background of a script, ignores SIGINT, and an ignored signal stays ignored across
        // exec: the build would rightly finish instead. The interactive shell restores the
        // default action for the command it starts; so does this.
        // SAFETY: signal(2) between fork and exec, async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = command.spawn().unwrap();
        // Kill it once it has started writing the new output.
        let start = Instant::now();
        while !staging(&out).join("2023").exists() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the build never started writing"
            );
            assert!(
                child.try_wait().unwrap().is_none(),
                "the build ended before it was killed"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        // SAFETY: kill(2) with our child's pid.
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        assert!(!status.success(), "signal {signal}");
        assert!(
            snapshot(&out) == before,
            "signal {signal}: the previous output changed"
        );
    }
    assert!(staging(&out).exists(), "the killed build left its folder");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("was interrupted; the unfinished folder it left was removed"),
        "{}",
        stderr(&o)
    );
    assert!(!staging(&out).exists());
    assert!(out.join("2024/new/index.html").exists());
}

#[test]
fn an_output_that_cannot_be_written_is_reported_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), 1);
    // Not even root may create a folder in /proc.
    let out = Path::new("/proc/gongkai-test-output/public");
    let o = build(&s.root, out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("/proc/gongkai-test-output"),
        "the message names the place: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// A small tmpfs, unmounted when dropped: disk full and read-only without touching real disks.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// `None` where mounting is not allowed (not root, or a container without the capability).
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn disk_full_and_read_only_output_leave_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), 3);
    let Some(fs) = Tmpfs::mount(&dir.path().join("mnt"), "2m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
        return;
    };
    let out = fs.0.join("public");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);

    // A report whose page and data no longer fit: the disk fills up half way through.
    let long = "很长的说明。".repeat(60_000);
    s.report(
        2023,
        "big",
        &simple_report("大部门", 2023, 1).replace("总体情况。", &long),
    );
    let o = build(&s.root, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no space left on the device"), "{err}");
    assert!(err.contains("left untouched"), "{err}");
    assert!(snapshot(&out) == before, "the previous output changed");
    assert!(!staging(&out).exists(), "the unfinished folder was removed");

    // Read-only: nothing can be written at all.
    std::fs::remove_file(s.root.join("content/2023/big.md")).unwrap();
    s.report(2023, "d0", &simple_report("改名部门", 2023, 2));
    fs.remount("ro");
    let o = build(&s.root, &out, &[]);
    let err = stderr(&o);
    fs.remount("rw");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("read-only file system"), "{err}");
    assert!(snapshot(&out) == before, "the previous output changed");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out.join("2023/d0/index.html")).contains("改名部门"));
}

#[test]
fn a_content_file_deleted_during_the_build_never_gives_a_half_written_site() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), 200);
    let out = dir.path().join("out");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (mut refused, mut built) = (0, 0);
    for (round, delay_ms) in [0u64, 5, 20, 50, 100, 200].into_iter().enumerate() {
        let before = snapshot(&out);
        for i in 0..200 {
            let text = simple_report(&format!("部门{i}"), 2023, 3 + round as i64);
            s.report(2023, &format!("d{i}"), &text);
        }
        let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args([
                "build",
                s.root.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ])
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        std::fs::remove_file(s.root.join("content/2023/d199.md")).unwrap();
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{err}");
        if o.status.success() {
            // Read before it went (or not seen at all): the site is whole, with or without it.
            built += 1;
            assert!(out.join("2023/d0/index.html").exists());
        } else {
            refused += 1;
            assert!(
                err.contains("content/2023/d199.md"),
                "the file is named: {err}"
            );
            assert!(snapshot(&out) == before, "the previous output changed");
        }
        assert!(!staging(&out).exists());
        s.report(2023, "d199", &simple_report("部门199", 2023, 2));
    }
    eprintln!(
        "deleted mid-build: {refused} builds refused with the file named, {built} built whole"
    );
}
