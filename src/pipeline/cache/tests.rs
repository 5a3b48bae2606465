use super::*;
use crate::site::update::tests::demo_copy;

/// What a load gives that the rest of the build uses.
fn seen(site: &Site) -> (Vec<Report>, &[crate::diagnostics::Diagnostic], usize) {
    let reports = site.reports.iter().map(|r| (**r).clone()).collect();
    (reports, &site.diagnostics, site.files)
}

use crate::content::Report;
use crate::diagnostics::Place;

/// A demo site with its output folder, the time of its files and a time long after it (when
/// every file is settled).
fn demo(tag: &str) -> (PathBuf, PathBuf, SystemTime) {
    let root = demo_copy(tag);
    let out = root.join("public");
    (root, out, SystemTime::now() + RACY * 5)
}

/// Identities taken file by file, as if at `now`.
fn at(now: SystemTime) -> Identities<'static> {
    Identities { now, stats: None }
}

fn load_and_write(root: &Path, out: &Path, now: SystemTime) -> (Site, Loaded) {
    let (site, loaded) = load_at(root, |_| out.to_path_buf(), || at(now)).unwrap();
    write_cache(out, &loaded);
    (site, loaded)
}

/// Every file of the cache, as `build` writes them (one that stands as it is stays).
fn write_cache(out: &Path, loaded: &Loaded) {
    std::fs::create_dir_all(out.join(output::REPORT_CACHE)).unwrap();
    for (shard, bytes) in loaded.shard_bytes().into_iter().enumerate() {
        if !loaded.standing[shard] {
            std::fs::write(out.join(shard_path(shard)), bytes).unwrap();
        }
    }
}

/// The cache file holding the most entries (the demo's thirty reports are spread over the
/// files): the one the tests damage.
fn busiest(out: &Path) -> PathBuf {
    (0..SHARDS)
        .map(|shard| out.join(shard_path(shard)))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap()
}

fn cache_bytes(out: &Path) -> Vec<u8> {
    std::fs::read(busiest(out)).unwrap()
}

/// Loaded through the cache, with every file read or with none, the site is the one a fresh
/// load gives: the same reports, findings (the demo has errors and warnings, of one report and
/// across years) and files; and the cache written again is the same.
#[test]
fn a_site_loaded_from_the_cache_is_the_site_loaded_fresh() {
    let (root, out, later) = demo("cache-same");
    let fresh = Site::load(&root).unwrap();
    assert!(
        fresh
            .diagnostics
            .iter()
            .any(|d| d.rule == crate::schema::RuleId::XCarry)
    );
    assert!(fresh.diagnostics.len() > 5);
    let (first, loaded) = load_and_write(&root, &out, later);
    assert_eq!(seen(&first), seen(&fresh));
    assert_eq!(loaded.entries.len(), fresh.files);
    assert!(loaded.entries.iter().all(|e| e.meta.settled));
    // Every file told by its identity (the entries' times settled), at both times.
    for now in [later, SystemTime::now()] {
        let (again, loaded) = load_at(&root, |_| out.clone(), || at(now)).unwrap();
        assert_eq!(seen(&again), seen(&fresh));
        // Every cache file stands as it is (its entries' identities were settled when it was
        // written), and would be linked rather than written.
        assert!(loaded.standing.iter().all(|&s| s));
    }
    std::fs::remove_dir_all(&root).unwrap();
}

/// The cache is what the load uses for an unchanged file, told by the file's identity or else by
/// its bytes: an entry planted with another title is what the site shows until the file changes.
#[test]
fn an_unchanged_file_is_taken_from_the_cache_and_a_changed_one_read() {
    let (root, out, later) = demo("cache-used");
    let (_, mut loaded) = load_and_write(&root, &out, later);
    let rel = "content/2023/yunxi-jiaoyu.md";
    let entry = loaded.entries.iter_mut().find(|e| e.rel == rel).unwrap();
    let mut planted = (**entry.report.as_ref().unwrap()).clone();
    planted.title = "缓存里的标题".into();
    entry.report = Some(std::sync::Arc::new(planted));
    write_cache(&out, &loaded);
    let title = |now: SystemTime| {
        let (site, _) = load_at(&root, |_| out.clone(), || at(now)).unwrap();
        let r = site.reports.iter().find(|r| r.file == rel).unwrap();
        r.title.clone()
    };
    // Which cache files would be written again (not stand as they are).
    let rewritten = || -> Vec<usize> {
        let (_, loaded) = load_at(&root, |_| out.clone(), || at(later)).unwrap();
        (0..SHARDS).filter(|&s| !loaded.standing[s]).collect()
    };
    assert!(rewritten().is_empty());
    // By its identity (settled), then by its bytes (the times too recent to tell).
    assert_eq!(title(later), "缓存里的标题");
    assert_eq!(title(SystemTime::now()), "缓存里的标题");
    // Another file with the same bytes (a new inode): still the same bytes.
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &text).unwrap();
    assert_eq!(title(later), "缓存里的标题");
    // Changed: read again, and only the cache file of its entry is written again.
    std::fs::write(&path, format!("{text}\n补充。\n")).unwrap();
    assert_ne!(title(later), "缓存里的标题");
    assert_eq!(rewritten(), [shard_of(rel)]);
    std::fs::remove_dir_all(&root).unwrap();
}

/// A cache file that is not whole (truncated, a byte changed, empty, garbage, another site's
/// configuration), or whose entry does not decode, is set aside: the site is the fresh one, and
/// nothing panics.
#[test]
fn a_damaged_or_foreign_cache_is_ignored() {
    let (root, out, later) = demo("cache-damaged");
    let fresh = Site::load(&root).unwrap();
    load_and_write(&root, &out, later);
    let good = cache_bytes(&out);
    let damaged = busiest(&out);
    let check = |bytes: &[u8], what: &str| {
        std::fs::write(&damaged, bytes).unwrap();
        let (site, _) = load_at(&root, |_| out.clone(), || at(later)).unwrap();
        assert_eq!(seen(&site), seen(&fresh), "{what}");
    };
    let n = good.len();
    for cut in [0, 1, 20, 60, n / 3, n / 2, n - 5, n - 1] {
        check(&good[..cut], &format!("cut at {cut}"));
    }
    for at in [0, 25, 40, n / 4, n / 2, n - 2] {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        check(&bad, &format!("byte {at} changed"));
    }
    check(b"", "empty");
    check(&[0xff; 4096], "garbage");
    let mut longer = good.clone();
    longer.extend_from_slice(b"more");
    check(&longer, "longer");

    // Entries of a sound file that do not decode, or decode as another file's report: each is
    // read again.
    let (_, loaded) = load_at(&root, |_| out.clone(), || at(later)).unwrap();
    let key = loaded.key.unwrap();
    let other = (
        loaded.entries[1].report.clone(),
        loaded.entries[1].findings.clone(),
    );
    let mut w = codec::Writer::default();
    w.bytes(MAGIC);
    w.bytes(&FORMAT.to_le_bytes());
    w.bytes(&key);
    w.uint(loaded.entries.len() as u64);
    for (i, e) in loaded.entries.iter().enumerate() {
        let mut e = Entry {
            rel: e.rel.clone(),
            meta: e.meta,
            report: e.report.clone(),
            findings: e.findings.clone(),
        };
        if i == 0 {
            (e.report, e.findings) = other.clone();
        }
        let mut bytes = e.encode();
        if i == 2 {
            // The own part's last byte: its length stays, its content does not decode.
            *bytes.last_mut().unwrap() = 0xff;
            let mut own = e.own_bytes();
            *own.last_mut().unwrap() = 0xff;
            assert_eq!(codec::decode(&own), None);
        }
        w.bytes(&bytes);
    }
    let sum = crc32fast::hash(&w.buf);
    w.bytes(&sum.to_le_bytes());
    check(&w.buf, "entries that do not decode");

    // Another configuration: another key.
    std::fs::write(&damaged, &good).unwrap();
    let config = root.join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n# 改过\n")).unwrap();
    let (_, loaded) = load_at(&root, |_| out.clone(), || at(later)).unwrap();
    assert_ne!(loaded.key, Some(key));
    std::fs::remove_dir_all(&root).unwrap();
}

/// Every own part of the demo (reports of each edition, findings of reading them and of the
/// rules) comes back from its bytes as it was, as do findings with every kind of message
/// argument; bytes cut short anywhere are refused, and so are messages nested too deep.
#[test]
fn an_own_part_comes_back_from_its_bytes() {
    use crate::diagnostics::Diagnostic;
    use crate::i18n::{Arg, Msg};
    use crate::schema::RuleId;
    let root = demo_copy("cache-codec");
    let (_, loaded) = load_at(&root, |_| root.join("public"), || at(SystemTime::now())).unwrap();
    let mut owns: Vec<(String, Own)> = loaded
        .entries
        .iter()
        .map(|e| (e.rel.clone(), codec::decode(&e.own_bytes()).unwrap()))
        .collect();
    assert!(owns.iter().any(|(_, o)| !o.rules.is_empty()));
    let every_arg = Msg::new("x-carry")
        .arg("row", "上年结转")
        .arg("value", -3i64)
        .arg("kind", Arg::Ref("within-front-matter"))
        .arg("inner", Msg::new("kept-as-published").arg("n", 2u32))
        .arg("labels", vec!["甲", "乙"])
        .arg(
            "msgs",
            Arg::Msgs(vec![Msg::new("a"), Msg::new("b").arg("t", "丙")]),
        );
    let d = Diagnostic::new("content/2023/x.md", RuleId::XCarry, every_arg.clone())
        .at(Some(Place {
            line: 7,
            start: 3,
            end: 9,
        }))
        .cell("applications.carried_over.natural")
        .help(Msg::new("x-inforce-help"));
    owns.push((
        "made up".into(),
        Own {
            report: None,
            parse: vec![
                d.clone(),
                Diagnostic::new("x", RuleId::FileFormat, Msg::new("y")),
            ],
            rules: vec![d],
        },
    ));
    for (rel, own) in &owns {
        let bytes = codec::encode(own);
        assert_eq!(codec::decode(&bytes).as_ref(), Some(own), "{rel}");
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(codec::decode(&bytes[..cut]), None, "{rel} cut at {cut}");
        }
    }
    let nested = |depth: usize| {
        let msg = (0..depth).fold(Msg::new("a"), |m, _| Msg::new("b").arg("m", m));
        Own {
            report: None,
            parse: vec![Diagnostic::new("x", RuleId::FileFormat, msg)],
            rules: vec![],
        }
    };
    let deep = nested(codec::MAX_NESTING - 1);
    assert_eq!(codec::decode(&codec::encode(&deep)), Some(deep));
    assert_eq!(
        codec::decode(&codec::encode(&nested(codec::MAX_NESTING))),
        None
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// `check` loads through the cache in the site's own output folder: an entry planted with another
/// title is what it sees while the file is unchanged; with no cache there, the site as read.
#[test]
fn check_takes_the_cache_of_the_sites_output_folder() {
    let (root, out, later) = demo("cache-check");
    let fresh = Site::load(&root).unwrap();
    let title = |site: &Site, rel: &str| {
        let r = site.reports.iter().find(|r| r.file == rel).unwrap();
        r.title.clone()
    };
    let rel = "content/2023/yunxi-jiaoyu.md";
    assert_eq!(seen(&load_for_check(&root).unwrap()), seen(&fresh));
    let (_, mut loaded) = load_and_write(&root, &out, later);
    assert_eq!(out, root.join("public"), "the demo's output_dir");
    let entry = loaded.entries.iter_mut().find(|e| e.rel == rel).unwrap();
    let mut planted = (**entry.report.as_ref().unwrap()).clone();
    planted.title = "缓存里的标题".into();
    entry.report = Some(std::sync::Arc::new(planted));
    write_cache(&out, &loaded);
    let checked = load_for_check(&root).unwrap();
    assert_eq!(title(&checked, rel), "缓存里的标题");
    assert_eq!(checked.diagnostics, fresh.diagnostics);
    std::fs::remove_dir_all(&out).unwrap();
    assert_eq!(
        title(&load_for_check(&root).unwrap(), rel),
        title(&fresh, rel)
    );
}
