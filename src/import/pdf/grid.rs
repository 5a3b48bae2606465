//! The cells of a scanned page's ruled tables, found from the page image itself.
//!
//! Tesseract's page layout analysis reads a ruled table badly: the ruling lines break its
//! segmentation, it merges cells, reads a lone "0" as 人 or 日 and drops digits touching a border.
//! The rules are what a scan shows best, so they are found here: long runs of dark pixels,
//! horizontal and vertical, along the page's measured skew (a scan is turned by a degree or so)
//! and tolerant of speckle (a run may have small gaps). Every rectangle closed on its four sides
//! by rules is a cell; [`crop`] cuts one out just inside its borders, straightened, for Tesseract
//! to read alone ([`super::ocr`]).
//!
//! Coordinates: the image's pixels `(x, y)`, and the page straightened, `(u, v)` = `(x + s·y,
//! y − s·x)` for the skew `s` (rise per unit of x), in which a rule is horizontal or vertical.

/// A greyscale image (poppler's `pdftoppm -gray` writes binary PGM, `P5`).
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub px: Vec<u8>,
}

/// A pixel darker than this is ink (paper is near 255 after a scanner's noise, print near 0).
const INK: u8 = 140;
/// The largest gap (in pixels, at 300 dpi) inside one rule: speckle, JPEG blur, a faint stretch.
const GAP: usize = 4;
/// The shortest horizontal rule: longer than any stroke of a character (10.5 pt at 300 dpi is
/// 44 px), shorter than the narrowest column of the template's tables.
const MIN_H: usize = 100;
/// The shortest vertical rule: a one-row cell's side is about 70 px and more.
const MIN_V: usize = 60;
/// How far apart (px) two runs may be across their direction and still be one rule (its
/// thickness, and the drift of a skew measured a little off).
const THICK: f64 = 4.0;
/// How near (px) rules must come to meet at a cell's corner.
const MEET: f64 = 10.0;
/// The smallest side (px) of a cell: below it two close rules are one rule drawn double.
const MIN_SIDE: f64 = 30.0;

impl Gray {
    /// A binary PGM (`P5`, 8 bits), or `None` when it is not one.
    pub fn parse(bytes: &[u8]) -> Option<Gray> {
        let mut at = 0;
        let mut token = || -> Option<usize> {
            loop {
                match bytes.get(at)? {
                    b'#' => {
                        while *bytes.get(at)? != b'\n' {
                            at += 1;
                        }
                    }
                    c if c.is_ascii_whitespace() => at += 1,
                    _ => break,
                }
            }
            let start = at;
            while bytes.get(at).is_some_and(|c| !c.is_ascii_whitespace()) {
                at += 1;
            }
            let t = std::str::from_utf8(&bytes[start..at]).ok()?;
            if t == "P5" {
                return Some(0);
            }
            t.parse().ok()
        };
        if token()? != 0 {
            return None;
        }
        let (width, height, max) = (token()?, token()?, token()?);
        // One whitespace byte after the maximum, then the pixels.
        let start = at + 1;
        let px = bytes
            .get(start..start + width.checked_mul(height)?)?
            .to_vec();
        (max > 0 && max < 256).then_some(Gray { width, height, px })
    }

    /// This image as binary PGM.
    pub fn pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }

    fn get(&self, x: f64, y: f64) -> u8 {
        let (x, y) = (x.round(), y.round());
        if x < 0.0 || y < 0.0 || x >= self.width as f64 || y >= self.height as f64 {
            return 255;
        }
        self.px[y as usize * self.width + x as usize]
    }
}

/// The straightening of a page turned by a small angle (its skew `s`, rise per unit of x).
#[derive(Clone, Copy, Debug)]
pub struct Skew(pub f64);

impl Skew {
    /// The straightened `(u, v)` of the image's `(x, y)`.
    pub fn flat(self, x: f64, y: f64) -> (f64, f64) {
        (x + self.0 * y, y - self.0 * x)
    }
    /// The image's `(x, y)` of the straightened `(u, v)`.
    pub fn image(self, u: f64, v: f64) -> (f64, f64) {
        let d = 1.0 + self.0 * self.0;
        ((u - self.0 * v) / d, (v + self.0 * u) / d)
    }
}

/// A rule: across its direction at `at`, along it from `from` to `to` (straightened pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rule {
    at: f64,
    from: f64,
    to: f64,
}

/// A cell of a ruled table: the straightened rectangle inside its four rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    pub u0: f64,
    pub v0: f64,
    pub u1: f64,
    pub v1: f64,
}

impl Cell {
    pub fn contains(&self, u: f64, v: f64) -> bool {
        (self.u0..=self.u1).contains(&u) && (self.v0..=self.v1).contains(&v)
    }
}

/// The runs of `true` in `line` at least `min` long, allowing gaps of up to [`GAP`].
fn runs(line: impl Iterator<Item = bool>, min: usize) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut open: Option<(usize, usize)> = None;
    for (i, dark) in line.enumerate() {
        if !dark {
            continue;
        }
        open = match open {
            Some((s, e)) if i - e <= GAP + 1 => Some((s, i)),
            Some((s, e)) => {
                if e - s + 1 >= min {
                    out.push((s, e));
                }
                Some((i, i))
            }
            None => Some((i, i)),
        };
    }
    if let Some((s, e)) = open
        && e - s + 1 >= min
    {
        out.push((s, e));
    }
    out
}

/// The ends of a rule's runs, `(along, across)`.
type Ends = Vec<(f64, f64)>;

/// Runs of the same rule (the rows of its thickness, the pieces a skew a little off cuts it
/// into) joined: a run continues a rule when it lies within [`THICK`] of the rule's end and
/// touches or overlaps it. Each rule with the ends of its runs.
fn join(mut found: Vec<(f64, usize, usize)>, min: usize) -> Runs {
    found.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)));
    // (rule, position across at its far end, its runs' ends)
    let mut rules: Vec<(Rule, f64, Ends)> = vec![];
    for (at, s, e) in found {
        let (s, e) = (s as f64, e as f64);
        match rules
            .iter_mut()
            .find(|(r, end, _)| (at - end).abs() <= THICK && s <= r.to + GAP as f64 + 1.0)
        {
            Some((r, end, ends)) => {
                if e > r.to {
                    r.to = e;
                    *end = at;
                }
                ends.extend([(s, at), (e, at)]);
            }
            None => rules.push((Rule { at, from: s, to: e }, at, vec![(s, at), (e, at)])),
        }
    }
    rules
        .into_iter()
        .filter(|(r, _, _)| r.to - r.from + 1.0 >= min as f64)
        .map(|(mut r, _, ends)| {
            // Across at its middle (a rule drifts when the skew is a little off).
            let (a, b) = fit(&ends);
            r.at = a + b * (r.from + r.to) / 2.0;
            (r, ends)
        })
        .collect()
}

/// The least-squares line `across = a + b·along` through a rule's run ends.
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / n, sy / n);
    let (sxy, sxx) = points.iter().fold((0.0, 0.0), |(sxy, sxx), (x, y)| {
        (sxy + (x - mx) * (y - my), sxx + (x - mx) * (x - mx))
    });
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - b * mx, b)
}

/// Each rule with the ends of its runs.
type Runs = Vec<(Rule, Ends)>;

/// The horizontal and vertical rules of the page straightened by `skew`, each with its runs.
fn rules_with_runs(img: &Gray, skew: Skew) -> (Runs, Runs) {
    let (w, h) = (img.width, img.height);
    let dark = |u: usize, v: usize| {
        let (x, y) = skew.image(u as f64, v as f64);
        img.get(x, y) < INK
    };
    let mut across = vec![];
    for v in 0..h {
        for (s, e) in runs((0..w).map(|u| dark(u, v)), MIN_H / 2) {
            across.push((v as f64, s, e));
        }
    }
    let mut down = vec![];
    for u in 0..w {
        for (s, e) in runs((0..h).map(|v| dark(u, v)), MIN_V / 2) {
            down.push((u as f64, s, e));
        }
    }
    (join(across, MIN_H), join(down, MIN_V))
}

/// The rules of a page: across and down, straightened.
#[derive(Default)]
pub struct Rules {
    across: Vec<Rule>,
    down: Vec<Rule>,
}

/// The horizontal and vertical rules of the page straightened by `skew`.
pub fn rules(img: &Gray, skew: Skew) -> Rules {
    let (a, d) = rules_with_runs(img, skew);
    Rules {
        across: a.into_iter().map(|(r, _)| r).collect(),
        down: d.into_iter().map(|(r, _)| r).collect(),
    }
}

use super::ruling::Drawn;

impl Rules {
    /// The rules, across and down, as `(at, from, to)` scaled by `scale`, each end within
    /// [`MEET`] of a rule it meets put on that rule: a scan's rule stops a few pixels short of
    /// the rule it meets or runs past it (blur, speckle, a skew measured a little off), where
    /// the cell-border reader ([`super::ruling`]) takes a PDF's borders to meet within a
    /// fraction of a point.
    pub fn drawn(&self, scale: f64) -> (Vec<Drawn>, Vec<Drawn>) {
        let snap = |r: &Rule, crossing: &[Rule]| -> Drawn {
            let end = |e: f64| {
                crossing
                    .iter()
                    .filter(|c| c.from - MEET <= r.at && r.at <= c.to + MEET)
                    .map(|c| c.at)
                    .filter(|a| (a - e).abs() <= MEET)
                    .min_by(|a, b| (a - e).abs().total_cmp(&(b - e).abs()))
                    .unwrap_or(e)
            };
            (r.at * scale, end(r.from) * scale, end(r.to) * scale)
        };
        (
            self.across.iter().map(|r| snap(r, &self.down)).collect(),
            self.down.iter().map(|r| snap(r, &self.across)).collect(),
        )
    }
}

/// The skew measured by Tesseract corrected by the page's long horizontal rules: the median
/// drift along them of their runs, when the page has rules.
pub fn refine(img: &Gray, skew: Skew) -> Skew {
    let mut skew = skew;
    // Twice: a skew far off cuts a rule into short steps, measured better once nearer.
    for _ in 0..2 {
        let (across, _) = rules_with_runs(img, skew);
        let mut drifts: Vec<f64> = across
            .iter()
            // A quarter of the page's width and more: a table's rules, not an underline.
            .filter(|(r, _)| r.to - r.from > img.width as f64 / 4.0)
            .map(|(_, ends)| fit(ends).1)
            .collect();
        if drifts.is_empty() {
            return skew;
        }
        drifts.sort_by(f64::total_cmp);
        skew = Skew(skew.0 + drifts[drifts.len() / 2]);
    }
    skew
}

/// Positions within [`MEET`] of each other as one.
fn distinct(mut at: Vec<f64>) -> Vec<f64> {
    at.sort_by(f64::total_cmp);
    let mut out: Vec<Vec<f64>> = vec![];
    for a in at {
        match out.last_mut() {
            Some(g) if a - g[g.len() - 1] <= MEET => g.push(a),
            _ => out.push(vec![a]),
        }
    }
    out.iter()
        .map(|g| g.iter().sum::<f64>() / g.len() as f64)
        .collect()
}

/// The cells of the page's ruled tables: each rectangle between two neighbouring horizontal
/// rules and two neighbouring vertical rules crossing that band, closed on all four sides.
/// A merged cell (a row label spanning rows) lacks a side in that grid and is not given: its
/// words are read with the page.
pub fn cells(rules: &Rules) -> Vec<Cell> {
    let (across, down) = (&rules.across, &rules.down);
    let covers = |r: &Rule, a: f64, b: f64| r.from <= a + MEET && r.to >= b - MEET;
    let ys = distinct(across.iter().map(|r| r.at).collect());
    let mut out = vec![];
    for pair in ys.windows(2) {
        let (ya, yb) = (pair[0], pair[1]);
        if yb - ya < MIN_SIDE {
            continue;
        }
        let xs = distinct(
            down.iter()
                .filter(|r| covers(r, ya, yb))
                .map(|r| r.at)
                .collect(),
        );
        let closed = |y: f64, xa: f64, xb: f64| {
            across
                .iter()
                .any(|r| (r.at - y).abs() <= MEET && covers(r, xa, xb))
        };
        for col in xs.windows(2) {
            let (xa, xb) = (col[0], col[1]);
            if xb - xa >= MIN_SIDE && closed(ya, xa, xb) && closed(yb, xa, xb) {
                out.push(Cell {
                    u0: xa,
                    v0: ya,
                    u1: xb,
                    v1: yb,
                });
            }
        }
    }
    out
}

/// What a cell holds: its ink cut out, straightened and made black on white (speckle and a
/// scanner's grey dropped), with a white margin as Tesseract reads best, and the straightened
/// box of that ink; `None` when nothing is printed in it (a blank cell, or speckle only).
pub fn crop(img: &Gray, skew: Skew, cell: &Cell) -> Option<(Gray, Cell)> {
    // Inside the rules: half a rule's thickness and a pixel of blur.
    let inset = 3.0;
    let (u0, v0) = (cell.u0 + inset, cell.v0 + inset);
    let w = (cell.u1 - cell.u0 - 2.0 * inset).max(1.0) as usize;
    let h = (cell.v1 - cell.v0 - 2.0 * inset).max(1.0) as usize;
    let mut dark = vec![false; w * h];
    for j in 0..h {
        for i in 0..w {
            let (x, y) = skew.image(u0 + i as f64, v0 + j as f64);
            dark[j * w + i] = img.get(x, y) < INK;
        }
    }
    // What is left of a rule along an edge (thicker than the inset, or drifting): a row or
    // column near the edge dark over much of its length is dropped (a digit's stroke is
    // shorter than that, and stands off the border).
    let edge = 8;
    for j in (0..h.min(edge)).chain(h.saturating_sub(edge)..h) {
        let row = &mut dark[j * w..(j + 1) * w];
        if row.iter().filter(|&&d| d).count() * 5 > w * 2 {
            row.fill(false);
        }
    }
    for i in (0..w.min(edge)).chain(w.saturating_sub(edge)..w) {
        if (0..h).filter(|&j| dark[j * w + i]).count() * 5 > h * 2 {
            (0..h).for_each(|j| dark[j * w + i] = false);
        }
    }
    drop_rule_remnants(&mut dark, w, h);
    // Ink: a dark pixel with a dark neighbour (speckle is single pixels).
    let at = |i: usize, j: usize| dark[j * w + i];
    let ink = |i: usize, j: usize| {
        at(i, j)
            && ((i + 1 < w && at(i + 1, j))
                || (j + 1 < h && at(i, j + 1))
                || (i > 0 && at(i - 1, j))
                || (j > 0 && at(i, j - 1)))
    };
    let (mut lo_i, mut lo_j, mut hi_i, mut hi_j, mut n) = (usize::MAX, usize::MAX, 0, 0, 0);
    for j in 0..h {
        for i in 0..w {
            if ink(i, j) {
                n += 1;
                lo_i = lo_i.min(i);
                hi_i = hi_i.max(i);
                lo_j = lo_j.min(j);
                hi_j = hi_j.max(j);
            }
        }
    }
    // A printed digit at 300 dpi has a hundred such pixels and more; a few are speckle.
    if n < 40 {
        return None;
    }
    let pad = 12;
    let (cw, ch) = (hi_i - lo_i + 1, hi_j - lo_j + 1);
    let (pw, ph) = (cw + 2 * pad, ch + 2 * pad);
    let mut px = vec![255u8; pw * ph];
    for j in 0..ch {
        for i in 0..cw {
            if ink(lo_i + i, lo_j + j) {
                px[(j + pad) * pw + i + pad] = 0;
            }
        }
    }
    let ink_box = Cell {
        u0: u0 + lo_i as f64,
        v0: v0 + lo_j as f64,
        u1: u0 + hi_i as f64 + 1.0,
        v1: v0 + hi_j as f64 + 1.0,
    };
    Some((
        Gray {
            width: pw,
            height: ph,
            px,
        },
        ink_box,
    ))
}

/// The thickest a rule's remnant is (px): a rule is 2-4 px thick at 300 dpi; a digit is 20 px
/// wide and more (a 1 is thinner, but never touches its cell's border).
const REMNANT: usize = 8;

/// What is left of a rule inside a cell's crop, where a rule broken by speckle or a skew
/// measured a little off ends short of the cell's side: dark runs touching the crop's edge, thin
/// one way ([`REMNANT`]), are dropped. Tesseract reads such a remnant beside the digits as a 1
/// ("1929" for 929), and both models alike.
fn drop_rule_remnants(dark: &mut [bool], w: usize, h: usize) {
    let mut seen = vec![false; w * h];
    let edge = (0..w)
        .flat_map(|i| [(i, 0), (i, h - 1)])
        .chain((0..h).flat_map(|j| [(0, j), (w - 1, j)]));
    for (i0, j0) in edge.collect::<Vec<_>>() {
        if !dark[j0 * w + i0] || seen[j0 * w + i0] {
            continue;
        }
        // The dark pixels connected to this one (4-neighbours).
        let mut part = vec![(i0, j0)];
        seen[j0 * w + i0] = true;
        let mut k = 0;
        while k < part.len() {
            let (i, j) = part[k];
            k += 1;
            let near = [
                (i.wrapping_sub(1), j),
                (i + 1, j),
                (i, j.wrapping_sub(1)),
                (i, j + 1),
            ];
            for (a, b) in near {
                if a < w && b < h && dark[b * w + a] && !seen[b * w + a] {
                    seen[b * w + a] = true;
                    part.push((a, b));
                }
            }
        }
        let (lo_i, hi_i) = part
            .iter()
            .fold((usize::MAX, 0), |(l, h), p| (l.min(p.0), h.max(p.0)));
        let (lo_j, hi_j) = part
            .iter()
            .fold((usize::MAX, 0), |(l, h), p| (l.min(p.1), h.max(p.1)));
        if hi_i - lo_i < REMNANT || hi_j - lo_j < REMNANT {
            for (i, j) in part {
                dark[j * w + i] = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with a 3×2 grid of rules (cells 200×100 px), turned by `slope`.
    fn ruled(slope: f64) -> Gray {
        let (w, h) = (900, 600);
        let mut px = vec![255u8; w * h];
        let skew = Skew(slope);
        for y in 0..h {
            for x in 0..w {
                let (u, v) = skew.flat(x as f64, y as f64);
                let on_h = [100.0, 200.0, 300.0]
                    .iter()
                    .any(|&r| (v - r).abs() < 1.5 && (100.0..=700.0).contains(&u));
                let on_v = [100.0, 300.0, 500.0, 700.0]
                    .iter()
                    .any(|&r| (u - r).abs() < 1.5 && (100.0..=300.0).contains(&v));
                if on_h || on_v {
                    px[y * w + x] = 20;
                }
            }
        }
        Gray {
            width: w,
            height: h,
            px,
        }
    }

    #[test]
    fn pgm_round_trips() {
        let g = ruled(0.0);
        let back = Gray::parse(&g.pgm()).unwrap();
        assert_eq!((back.width, back.height), (900, 600));
        assert_eq!(back.px, g.px);
        assert!(Gray::parse(b"P6\n1 1\n255\n\0\0\0").is_none());
        assert!(Gray::parse(b"P5\n# comment\n2 2\n255\n\0").is_none());
    }

    #[test]
    fn a_rule_s_remnant_at_a_crop_s_edge_is_dropped_a_digit_kept() {
        let (w, h) = (60, 40);
        let mut dark = vec![false; w * h];
        // A remnant 3 px thick down the left edge, and a block inside (a digit's ink).
        for j in 5..35 {
            for i in 0..3 {
                dark[j * w + i] = true;
            }
            for i in 25..40 {
                dark[j * w + i] = true;
            }
        }
        drop_rule_remnants(&mut dark, w, h);
        assert!((0..h).all(|j| !dark[j * w + 1]));
        assert_eq!(dark.iter().filter(|&&d| d).count(), 30 * 15);
    }

    #[test]
    fn a_rule_s_end_a_few_pixels_off_the_rule_it_meets_is_put_on_it() {
        let rule = |at, from, to| Rule { at, from, to };
        let rules = Rules {
            // The top rule stops 6 px short of the right side and runs 5 px past the left.
            across: vec![rule(100.0, 95.0, 294.0), rule(200.0, 100.0, 300.0)],
            // The right side starts 7 px below the top rule; one far from any rule stays.
            down: vec![
                rule(100.0, 100.0, 200.0),
                rule(300.0, 107.0, 200.0),
                rule(500.0, 0.0, 50.0),
            ],
        };
        let (across, down) = rules.drawn(0.5);
        assert_eq!(across[0], (50.0, 50.0, 150.0));
        assert_eq!(down[1], (150.0, 50.0, 100.0));
        assert_eq!(down[2], (250.0, 0.0, 25.0));
    }

    #[test]
    fn a_turned_grid_gives_its_six_cells() {
        for slope in [0.0, 0.015, -0.012] {
            let img = ruled(slope);
            // Tesseract's measure a little off: the rules correct it.
            let skew = refine(&img, Skew(slope * 0.7));
            assert!((skew.0 - slope).abs() < 0.002, "{slope}: {}", skew.0);
            let cells = cells(&rules(&img, skew));
            assert_eq!(cells.len(), 6, "{slope}: {cells:?}");
            assert!((cells[0].u0 - 100.0).abs() < 3.0 && (cells[0].v1 - 200.0).abs() < 3.0);
            // Blank cells hold no ink.
            assert!(cells.iter().all(|c| crop(&img, skew, c).is_none()));
        }
    }
}
