//! A dev folder left behind by a `serve` that was killed without a chance to clean up (SIGKILL,
//! a power cut) is removed by the next `serve`, and only such folders: one whose process still
//! runs is another `serve`'s and stays. The real binary, with its own temporary folder.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_gongkai");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve-site");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// `gongkai serve` with `tmp` as its temporary folder; returns it once it serves, with the dev
/// folder it printed.
fn serve(site: &Path, tmp: &Path) -> (Child, PathBuf) {
    let mut child = Command::new(BIN)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("TMPDIR", tmp)
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let mut dev = None;
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve printed its address");
        if let Some(rest) = line.strip_prefix("Dev build in ") {
            dev = Some(PathBuf::from(rest.trim_end_matches(" (removed on exit)")));
        }
        if line.contains("http://") && dev.is_some() {
            break;
        }
    }
    (child, dev.unwrap())
}

/// The dev folders of `serve` in `tmp`.
fn dev_folders(tmp: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gongkai-serve-"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_killed_serves_folder_is_removed_at_the_next_start_and_a_live_ones_is_kept() {
    let base = std::env::temp_dir().join(format!("gongkai-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (site, tmp) = (base.join("site"), base.join("tmp"));
    copy_dir(Path::new(FIXTURE), &site);
    std::fs::create_dir_all(&tmp).unwrap();

    // A serve killed outright leaves its folder (with the dev build in it).
    let (mut killed, killed_dev) = serve(&site, &tmp);
    let killed_folder = killed_dev.parent().unwrap().to_path_buf();
    killed.kill().unwrap();
    killed.wait().unwrap();
    assert!(killed_folder.join("site/index.html").is_file());
    // A folder named for a process that runs (this test): another serve's, to be kept.
    let live = tmp.join(format!("gongkai-serve-{}-0", std::process::id()));
    std::fs::create_dir(&live).unwrap();
    // Not a dev folder's name: kept whatever its number says.
    let other = tmp.join("gongkai-serve-notes");
    std::fs::create_dir(&other).unwrap();

    let (mut next, next_dev) = serve(&site, &tmp);
    let next_folder = next_dev.parent().unwrap().to_path_buf();
    assert!(
        !killed_folder.exists(),
        "the killed serve's folder is removed"
    );
    assert!(live.is_dir(), "a running process's folder is kept");
    assert!(other.is_dir());
    let mut want = vec![
        "gongkai-serve-notes".to_string(),
        live.file_name().unwrap().to_string_lossy().into_owned(),
        next_folder
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    ];
    want.sort();
    assert_eq!(dev_folders(&tmp), want);

    // SAFETY: kill(2) with a child's pid and a signal number.
    unsafe { libc::kill(next.id() as i32, libc::SIGINT) };
    assert!(next.wait().unwrap().success());
    assert!(!next_folder.exists());
    std::fs::remove_dir_all(&base).unwrap();
}
