//! 与上年对比 as a view of the report page: each cell of tables 二/三/四 that last year's report
//! of the department can be compared with carries last year's number and the change in two
//! unclassed spans after its own value (`12<span>上年 8</span><span>+4</span>`, or
//! `<span>上年无此项</span>`), and its class says how it changed (`up`, `down`, `chg` for text,
//! `new`). The stylesheet hides the spans (`display: none`: a screen reader hears nothing extra)
//! until the page is opened at `#duibi` (the 与上年对比 link), which shows them, highlights the
//! changed cells and quiets the others: one page and one copy of the tables and their `headers`
//! instead of a second page, and no script.

use super::esc_into;
use crate::content::{Cell, Report, ValueRef};
use rustc_hash::FxHashMap;

/// Last year's cells by key path, and how many of this year's cells differ from them (for the
/// view's summary). Fx hashing: the map is built and queried for every cell of a page
/// (hundreds), and the keys are the schema's own paths, not content an attacker picks.
pub struct LastYear<'r> {
    cells: FxHashMap<&'static str, Option<&'r Cell>>,
    /// A reused buffer for the paths looked up.
    path: String,
    /// Cells changed so far.
    pub changed: usize,
}

impl<'r> LastYear<'r> {
    pub fn of(prev: &'r Report) -> Self {
        let cells = super::data::cell_columns(prev.edition)
            .iter()
            .zip(super::data::report_cells(prev))
            .map(|(c, (cell, _))| (c.path.as_str(), cell))
            .collect();
        LastYear {
            cells,
            path: String::new(),
            changed: 0,
        }
    }

    /// How this year's cell `prefix.key` (or `prefix` when `key` is empty) compares with last
    /// year's; counts it when it changed.
    pub fn change(&mut self, prefix: &str, key: &str, now: Option<&Cell>) -> Change {
        self.path.clear();
        self.path.push_str(prefix);
        if !key.is_empty() {
            self.path.push('.');
            self.path.push_str(key);
        }
        let c = change(now, self.cells.get(self.path.as_str()).copied());
        self.changed += usize::from(matches!(c, Change::Changed { .. }));
        c
    }
}

/// A cell as a number, with the decimals it was written with (amounts in 万元 keep theirs).
fn number(c: &Cell) -> Option<(f64, usize)> {
    match c.value() {
        ValueRef::Count(n) => Some((n as f64, 0)),
        ValueRef::Decimal(s) => {
            let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
            s.parse().ok().map(|v| (v, decimals))
        }
        _ => None,
    }
}

/// How one cell compares with last year.
pub enum Change {
    Same,
    /// Last year's value as printed, and the change (`+3`, `-185.28`; empty for text), with the
    /// change in per cent of last year's number where there is one (table 二 prints it).
    Changed {
        was: String,
        delta: String,
        up: bool,
        percent: Option<f64>,
    },
    /// Last year's edition has no such cell.
    New,
}

impl Change {
    /// The cell's class in the comparison view (`None`: unchanged, no class).
    pub fn class(&self) -> Option<&'static str> {
        match self {
            Change::Same => None,
            Change::New => Some("new"),
            Change::Changed { delta, .. } if delta.is_empty() => Some("chg"),
            Change::Changed { up: true, .. } => Some("up"),
            Change::Changed { .. } => Some("down"),
        }
    }

    /// Last year's number and the change after the cell's value, as the comparison view shows
    /// them (and the per cent change too when `percent`).
    pub fn push_spans(&self, out: &mut String, percent: bool) {
        match self {
            Change::Same => {}
            Change::New => out.push_str("<span>上年无此项</span>"),
            Change::Changed {
                was,
                delta,
                percent: p,
                ..
            } => {
                out.push_str("<span>上年 ");
                esc_into(out, was);
                out.push_str("</span>");
                if !delta.is_empty() {
                    out.push_str("<span>");
                    out.push_str(delta);
                    if let (true, Some(p)) = (percent, p) {
                        out.push_str(&format!("（{p:+.1}%）"));
                    }
                    out.push_str("</span>");
                }
            }
        }
    }
}

fn change(now: Option<&Cell>, was: Option<Option<&Cell>>) -> Change {
    let Some(was) = was else {
        return Change::New;
    };
    let percent = |a: f64, b: f64| (b != 0.0).then(|| (a - b) * 100.0 / b);
    // Two counts, most cells: compared and printed without floats or `format!` (a page has
    // hundreds of cells).
    if let (Some(ValueRef::Count(a)), Some(ValueRef::Count(b))) =
        (now.map(Cell::value), was.map(Cell::value))
    {
        if a == b {
            return Change::Same;
        }
        let (mut shown, mut delta) = (String::new(), String::from(if a > b { "+" } else { "" }));
        super::push_int(&mut shown, b);
        super::push_int(&mut delta, a - b);
        return Change::Changed {
            was: shown,
            delta,
            up: a > b,
            percent: percent(a as f64, b as f64),
        };
    }
    let shown = |c: Option<&Cell>| c.map(Cell::display).unwrap_or_default();
    match (now.and_then(number), was.and_then(number)) {
        (Some((a, da)), Some((b, db))) if a != b => {
            let decimals = da.max(db);
            Change::Changed {
                was: shown(was),
                delta: format!("{:+.decimals$}", a - b),
                up: a > b,
                percent: percent(a, b),
            }
        }
        (Some(_), Some(_)) => Change::Same,
        _ if shown(now) == shown(was) => Change::Same,
        _ => Change::Changed {
            was: shown(was),
            delta: String::new(),
            up: false,
            percent: None,
        },
    }
}
