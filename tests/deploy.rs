//! Deploys send only what changed: a second build keeps every unchanged file (bytes, mtime,
//! inode), its manifest matches the files, and the commands of docs/deploy.md — taken from the
//! document as written, not copied here — really do what it says: rsync to a folder, `aws s3 sync`
//! to a local S3-compatible server (moto), the CDN purge list from two manifests, and nginx
//! serving the portal under a sub-path. The tools are installed by scripts/test.sh; a missing
//! one fails here.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/nianbao/\"\n";

/// The block of docs/deploy.md right after `<!-- tested: NAME -->`, without its fences.
fn doc_block(name: &str) -> String {
    let doc = read(&repo().join("docs/deploy.md"));
    let tag = format!("<!-- tested: {name} -->\n");
    let start = doc
        .find(&tag)
        .unwrap_or_else(|| panic!("no {tag} in docs/deploy.md"))
        + tag.len();
    let rest = &doc[start..];
    assert!(
        rest.starts_with("```"),
        "{name}: a fenced block follows the tag"
    );
    let body = &rest[rest.find('\n').unwrap() + 1..];
    body[..body.find("\n```").unwrap() + 1].to_string()
}

/// Run a documented shell block in bash (strict mode) with the variables it uses.
fn sh(name: &str, vars: &[(&str, &Path)], cwd: &Path) -> Output {
    let o = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &doc_block(name)])
        .envs(vars.iter().map(|(k, v)| (*k, v.as_os_str())))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("{name}: bash: {e}"));
    assert!(
        o.status.success(),
        "{name}: {}\n{}",
        stderr(&o),
        String::from_utf8_lossy(&o.stdout)
    );
    o
}

/// A file of the output as a sync tool sees it.
#[derive(Debug)]
struct Seen {
    bytes: Vec<u8>,
    ino: u64,
    mtime: SystemTime,
}

/// The site's files (gongkai's own `.gongkai-*` files left out), by path.
fn files(out: &Path) -> BTreeMap<String, Seen> {
    walkdir(out)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let seen = Seen {
                bytes: std::fs::read(&p).unwrap(),
                ino: meta.ino(),
                mtime: meta.modified().unwrap(),
            };
            (rel, seen)
        })
        .filter(|(rel, _)| !rel.starts_with(".gongkai-"))
        .collect()
}

/// Two builds of a small portal, with one report corrected and one withdrawn in between.
struct Rebuild {
    site: SiteBuilder,
    out: PathBuf,
    /// Paths whose bytes are new or differ after the second build.
    changed: BTreeSet<String>,
    /// Paths the second build no longer has.
    removed: BTreeSet<String>,
    /// stderr of the second build.
    summary: String,
}

impl Rebuild {
    /// Build, call `deploy` (the sync of a first deploy), correct one report, withdraw another,
    /// build again. The second build is more than a second later, as any real one is, so tools
    /// that compare whole-second times see a rewritten file as newer.
    fn run(dir: &Path, mut deploy: impl FnMut(&Path)) -> Rebuild {
        let site = SiteBuilder::new(&dir.join("site"), CONFIG);
        for year in [2022, 2023] {
            for i in 0..4 {
                site.report(
                    year,
                    &format!("d{i}"),
                    &simple_report(&format!("部门{i}"), year, 2),
                );
            }
        }
        let out = dir.join("public");
        let o = build(&site.root, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let before = files(&out);
        deploy(&out);
        std::thread::sleep(Duration::from_millis(1100));
        site.report(2023, "d1", &simple_report("部门1", 2023, 5));
        std::fs::remove_file(site.root.join("content/2023/d2.md")).unwrap();
        let o = build(&site.root, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let after = files(&out);
        let changed = after
            .iter()
            .filter(|(p, f)| before.get(*p).is_none_or(|b| b.bytes != f.bytes))
            .map(|(p, _)| p.clone())
            .collect();
        let removed = before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .cloned()
            .collect();
        // Unchanged bytes ⇔ the very same file: same inode, same modification time.
        for (p, f) in &after {
            let same_bytes = before.get(p).is_some_and(|b| b.bytes == f.bytes);
            let same_file = before
                .get(p)
                .is_some_and(|b| b.ino == f.ino && b.mtime == f.mtime);
            assert_eq!(same_bytes, same_file, "{p}: unchanged bytes keep the file");
        }
        Rebuild {
            site,
            out,
            changed,
            removed,
            summary: stderr(&o),
        }
    }
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_rsync_sends_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("srv/nianbao/");
    std::fs::create_dir_all(&dest).unwrap();
    let deployed = dir.path().join("deployed.sha256");
    let vars = |out: &Path| {
        vec![
            ("OUT", out.to_path_buf()),
            ("DEST", PathBuf::from(format!("{}/", dest.display()))),
            ("DEPLOYED", deployed.clone()),
            ("BASE_URL", PathBuf::from("https://example.gov.cn/nianbao/")),
        ]
    };
    let run = |name: &str, out: &Path| {
        let v = vars(out);
        let refs: Vec<(&str, &Path)> = v.iter().map(|(k, p)| (*k, p.as_path())).collect();
        sh(name, &refs, dir.path())
    };
    let r = Rebuild::run(dir.path(), |out| {
        run("verify", out);
        run("rsync", out);
        run("cdn", out);
        run("save", out);
    });
    let out = &r.out;
    let after = files(out);
    assert!(r.changed.contains("2023/d1/index.html"), "{:?}", r.changed);
    assert!(!r.changed.contains("2023/d0/index.html"), "{:?}", r.changed);
    assert!(r.removed.contains("2023/d2/index.html"), "{:?}", r.removed);
    // The other reports' own files stay as they were (a neighbour's page may link differently).
    let untouched = ["2022/d0/", "2022/d1/", "2022/d3/", "2023/d0/", "2023/d3/"];
    let theirs: Vec<&String> = after
        .keys()
        .filter(|p| untouched.iter().any(|d| p.starts_with(d)))
        .collect();
    assert!(theirs.len() > 10, "{theirs:?}");
    for p in theirs {
        assert!(!r.changed.contains(p), "{p} was rewritten");
    }
    assert!(r.changed.len() * 2 < after.len(), "{:?}", r.changed);
    // The summary counts what happened (the marker is one more kept file).
    let counts = format!(
        "{} files written, {} unchanged",
        r.changed.len(),
        after.len() - r.changed.len() + 1
    );
    assert!(r.summary.contains(&counts), "{counts}: {}", r.summary);
    assert!(
        r.summary.contains(&format!("{} removed", r.removed.len())),
        "{}",
        r.summary
    );

    // The manifests list exactly the site's files with their size and SHA-256.
    run("verify", out);
    let sums = read(&out.join(".gongkai-manifest.sha256"));
    let listed: Vec<&str> = sums.lines().map(|l| &l[66..]).collect();
    assert_eq!(listed, after.keys().map(String::as_str).collect::<Vec<_>>());
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join(".gongkai-manifest.json"))).unwrap();
    let entries = json["files"].as_array().unwrap();
    assert_eq!(entries.len(), after.len());
    for (e, (path, f)) in entries.iter().zip(&after) {
        assert_eq!(e["path"], path.as_str());
        assert_eq!(e["size"], f.bytes.len() as u64);
    }
    // A hand-edited manifest line would fail the documented check.
    let bad = sums.replacen(&sums[..1], if &sums[..1] == "0" { "1" } else { "0" }, 1);
    std::fs::write(out.join(".gongkai-manifest.sha256"), bad).unwrap();
    let o = Command::new("bash")
        .args(["-c", &doc_block("verify")])
        .env("OUT", out)
        .output()
        .unwrap();
    assert!(!o.status.success(), "sha256sum -c catches a wrong line");
    std::fs::write(out.join(".gongkai-manifest.sha256"), &sums).unwrap();

    // rsync transfers the changed files and deletes the removed ones, nothing else.
    let o = run("rsync", out);
    let log = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut sent = BTreeSet::new();
    let mut deleted = BTreeSet::new();
    for line in log.lines() {
        if let Some(p) = line.strip_prefix("*deleting ") {
            let p = p.trim();
            if !p.ends_with('/') {
                deleted.insert(p.to_string());
            }
        } else if line.starts_with(">f") {
            sent.insert(line[12..].to_string());
        } else {
            assert!(
                line.starts_with("cd"),
                "only new folders besides: {line}\n{log}"
            );
        }
    }
    assert_eq!(sent, r.changed, "{log}");
    assert_eq!(deleted, r.removed, "{log}");
    let served = files(&dest);
    assert_eq!(served.len(), after.len());
    for (p, f) in &after {
        assert_eq!(served[p].bytes, f.bytes, "{p}");
    }
    assert!(!dest.join(".gongkai-output").exists());

    // The purge list: every changed or removed path as a URL, and each index.html's folder URL.
    run("cdn", out);
    let urls: BTreeSet<String> = read(&dir.path().join("purge-urls.txt"))
        .lines()
        .map(String::from)
        .collect();
    let mut want = BTreeSet::new();
    for p in r.changed.iter().chain(&r.removed) {
        want.insert(format!("https://example.gov.cn/nianbao/{p}"));
        if let Some(folder) = p.strip_suffix("index.html") {
            want.insert(format!("https://example.gov.cn/nianbao/{folder}"));
        }
    }
    assert_eq!(urls, want);
    run("save", out);
    assert_eq!(read(&deployed), sums);
    drop(r.site);
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "{what} exited before it listened"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A server stopped and reaped when dropped: asked first (SIGTERM: nginx then stops its
/// workers, which a SIGKILL would leave running), killed if it has not stopped in 5 seconds.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        // SAFETY: kill(2) with our child's pid, not yet reaped.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let start = Instant::now();
        while self.0.try_wait().ok().flatten().is_none() {
            if start.elapsed() > Duration::from_secs(5) {
                let _ = self.0.kill();
                let _ = self.0.wait();
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn spawn(cmd: &mut Command, what: &str) -> Running {
    Running(
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{what} (scripts/test.sh installs it): {e}")),
    )
}

#[test]
fn aws_s3_sync_uploads_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = spawn(
        Command::new("moto_server").args(["-H", "127.0.0.1", "-p", &port.to_string()]),
        "moto_server",
    );
    wait_for_port(port, &mut server.0, "moto_server");
    let endpoint = PathBuf::from(format!("http://127.0.0.1:{port}"));
    let bucket = PathBuf::from("nianbao-portal");
    let aws = |args: &[&str]| {
        let o = Command::new("aws")
            .args(args)
            .args(["--endpoint-url", endpoint.to_str().unwrap()])
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
            .expect("aws (scripts/test.sh installs awscli)");
        assert!(o.status.success(), "aws {args:?}: {}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    aws(&["s3api", "create-bucket", "--bucket", "nianbao-portal"]);
    let sync = |out: &Path| {
        let o = sh(
            "s3",
            &[
                ("OUT", out),
                ("BUCKET", &bucket),
                ("S3_ENDPOINT", &endpoint),
            ],
            dir.path(),
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (mut first, mut first_files) = (String::new(), 0);
    let r = Rebuild::run(dir.path(), |out| {
        // S3 keeps whole seconds: a file uploaded in the second it was written looks newer than
        // its upload and is sent once more. No real deploy follows its build that closely.
        std::thread::sleep(Duration::from_millis(1100));
        first = sync(out);
        first_files = files(out).len();
    });
    assert_eq!(
        first.lines().filter(|l| l.starts_with("upload: ")).count(),
        first_files,
        "the first sync uploads every file: {first}"
    );
    assert!(!first.contains(".gongkai-"), "{first}");
    let log = sync(&r.out);
    // `upload: public/2023/d1/index.html to s3://nianbao-portal/nianbao/2023/d1/index.html`
    let key = |l: &str, verb: &str| -> Option<String> {
        let rest = l.strip_prefix(verb)?;
        let at = rest.find("s3://nianbao-portal/nianbao/")?;
        Some(rest[at + "s3://nianbao-portal/nianbao/".len()..].to_string())
    };
    let uploaded: BTreeSet<String> = log.lines().filter_map(|l| key(l, "upload: ")).collect();
    let deleted: BTreeSet<String> = log.lines().filter_map(|l| key(l, "delete: ")).collect();
    assert_eq!(uploaded, r.changed, "{log}");
    assert_eq!(deleted, r.removed, "{log}");
    // The bucket now holds exactly the site.
    let listing = aws(&["s3", "ls", "--recursive", "s3://nianbao-portal/nianbao/"]);
    assert_eq!(listing.lines().count(), files(&r.out).len(), "{listing}");
}

/// One HTTP response: status, headers (lowercase names) and body.
fn get(url: &str, gzip: bool) -> (u16, BTreeMap<String, String>, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let mut req = agent.get(url);
    if gzip {
        req = req.header("Accept-Encoding", "gzip");
    }
    let mut resp = req.call().unwrap_or_else(|e| panic!("{url}: {e}"));
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = resp.body_mut().read_to_vec().unwrap();
    (resp.status().as_u16(), headers, body)
}

#[test]
fn nginx_serves_the_portal_under_a_sub_path_with_the_documented_server_block() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "d0", &simple_report("部门0", 2023, 2));
    let srv = dir.path().join("srv");
    let out = srv.join("nianbao");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/nianbao/");
    let o = build(&site.root, &out, &["--base-url", &base]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The documented server block, with this test's port and folder.
    let block = doc_block("nginx")
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("root /srv/gongkai;", &format!("root {};", srv.display()));
    let d = dir.path().display();
    let conf = dir.path().join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "user root;\nmaster_process off;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n\
             client_body_temp_path {d}/body;\nproxy_temp_path {d}/proxy;\nfastcgi_temp_path {d}/fastcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\nscgi_temp_path {d}/scgi;\n{block}}}\n"
        ),
    )
    .unwrap();
    let nginx = |args: &[&str]| {
        let mut c = Command::new("nginx");
        c.args([
            "-e",
            &format!("{d}/error.log"),
            "-c",
            conf.to_str().unwrap(),
        ])
        .args(args);
        c
    };
    let t = nginx(&["-t"])
        .output()
        .expect("nginx (scripts/test.sh installs it)");
    assert!(t.status.success(), "nginx -t: {}", stderr(&t));
    let mut server = spawn(&mut nginx(&[]), "nginx");
    wait_for_port(port, &mut server.0, "nginx");

    // The home page, and every link it has within the portal.
    let (status, headers, body) = get(&base, false);
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(headers.contains_key("last-modified"));
    let home = String::from_utf8(body).unwrap();
    assert!(home.contains("测试站"));
    let links: BTreeSet<&str> = home
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| h.starts_with("/nianbao/") || h.starts_with(&base))
        .collect();
    assert!(links.len() > 5, "{links:?}");
    for link in links {
        let url = if link.starts_with('/') {
            format!("http://127.0.0.1:{port}{link}")
        } else {
            link.to_string()
        };
        assert_eq!(get(&url, false).0, 200, "{url}");
    }
    // Pretty URLs: a folder without its slash is sent to it, relatively (right behind a CDN).
    let (status, headers, _) = get(&format!("{base}2023/d0"), false);
    assert_eq!(status, 301);
    assert_eq!(headers["location"], "/nianbao/2023/d0/");
    assert_eq!(get(&format!("{base}2023/d0/"), false).0, 200);
    // The portal's own 404 page.
    let (status, _, body) = get(&format!("{base}2023/nothing/"), false);
    assert_eq!(status, 404);
    assert_eq!(body, std::fs::read(out.join("404.html")).unwrap());
    // The stylesheet: cached for a while, compressed.
    let (status, headers, _) = get(&format!("{base}style.css"), true);
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "public, max-age=600");
    assert_eq!(
        headers.get("content-encoding").map(String::as_str),
        Some("gzip")
    );
    // gongkai's own files are not served.
    for own in [
        ".gongkai-output",
        ".gongkai-manifest.sha256",
        ".gongkai-manifest.json",
        ".gongkai-report-cache",
    ] {
        assert!(out.join(own).exists());
        assert_eq!(get(&format!("{base}{own}"), false).0, 404, "{own}");
    }
}
