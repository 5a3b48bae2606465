use super::*;
use crate::site::update::tests::demo_copy;

/// What a load gives that the rest of the build uses.
fn seen(site: &Site) -> (Vec<Report>, &[crate::diagnostics::Diagnostic], usize) {
    let reports = site.reports.iter().map(|r| (**r).clone()).collect();
    (reports, &site.diagnostics, site.files)
}

use crate::content::Report;

/// A demo site with its output folder, the time of its files and a time long after it (when
/// every file is settled).
fn demo(tag: &str) -> (PathBuf, PathBuf, SystemTime) {
    let root = demo_copy(tag);
    let out = root.join("public");
    (root, out, SystemTime::now() + RACY * 5)
}

fn load_and_write(root: &Path, out: &Path, now: SystemTime) -> (Site, Loaded) {
    let (site, loaded) = load_at(root, |_| out.to_path_buf(), || now).unwrap();
    std::fs::create_dir_all(out).unwrap();
    let mut bytes = vec![];
    loaded.write(&mut bytes).unwrap();
    std::fs::write(out.join(output::REPORT_CACHE), bytes).unwrap();
    (site, loaded)
}

fn cache_bytes(out: &Path) -> Vec<u8> {
    std::fs::read(out.join(output::REPORT_CACHE)).unwrap()
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
    let written = cache_bytes(&out);
    // Every file told by its identity, then (the times too recent) by its bytes.
    for now in [later, SystemTime::now()] {
        let (again, loaded) = load_at(&root, |_| out.clone(), || now).unwrap();
        assert_eq!(seen(&again), seen(&fresh));
        let mut bytes = vec![];
        loaded.write(&mut bytes).unwrap();
        if now == later {
            assert_eq!(bytes, written);
        }
    }
}
