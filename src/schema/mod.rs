//! The national template (国办公开办函〔2021〕30号 and its 2019 predecessor) as data.
//!
//! This is the one place where sections, tables, rows, columns, labels, numbering and rules are
//! written down. The parser, the validator, the renderer, the importer and the exports all read
//! these tables; none of them spells a label or a rule again.

mod figures;
mod rules;
mod tables;

pub use figures::{DECISION_FIELDS, FigureSource, KEY_FIGURES, KeyFigure};
pub use rules::{RULES, Rule, RuleId, Severity};
pub use tables::*;

use crate::clock::Date;
use serde::Serialize;

/// Which layout of the national template a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Edition {
    /// 国办公开办函〔2021〕30号: report years 2021 onward.
    #[serde(rename = "2021")]
    E2021,
    /// 《年度报告格式（试行）》 (2019): report years 2019 and 2020.
    #[serde(rename = "2019")]
    E2019,
    /// No national layout (2008–2018): narrative only, no arithmetic rules.
    #[serde(rename = "free")]
    Free,
}

impl Edition {
    pub const ALL: [Edition; 3] = [Edition::E2021, Edition::E2019, Edition::Free];

    /// The identifier used in front matter (`edition = "2021"`).
    pub fn id(self) -> &'static str {
        match self {
            Edition::E2021 => "2021",
            Edition::E2019 => "2019",
            Edition::Free => "free",
        }
    }

    pub fn from_id(s: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|e| e.id() == s)
    }

    /// A human description, for pages and messages.
    pub fn describe(self) -> &'static str {
        match self {
            Edition::E2021 => "2021年版格式（国办公开办函〔2021〕30号）",
            Edition::E2019 => "2019年版格式（国办公开办函〔2019〕60号）",
            Edition::Free => "自由格式（2019年以前）",
        }
    }

    /// The edition the template prescribes for a report year (format-spec A.1).
    pub fn for_year(year: i32) -> Edition {
        match year {
            y if y >= 2021 => Edition::E2021,
            2019 | 2020 => Edition::E2019,
            _ => Edition::Free,
        }
    }

    /// Whether the edition has the three numeric tables and the arithmetic rules.
    pub fn has_tables(self) -> bool {
        self != Edition::Free
    }
}

/// The last day to publish a year's report, and the article of the 《条例》 that sets it: 31
/// January of the following year since the 2019 revision (第五十条, in force from 2019-05-15, so
/// from the 2019 reports on); 31 March before it (2007 text, 第三十一条).
pub fn deadline(year: i32) -> Deadline {
    if year >= 2019 {
        Deadline {
            date: Date::new(year + 1, 1, 31),
            basis: "《中华人民共和国政府信息公开条例》（2019年修订）第五十条",
        }
    } else {
        Deadline {
            date: Date::new(year + 1, 3, 31),
            basis: "《中华人民共和国政府信息公开条例》（2007年）第三十一条",
        }
    }
}

/// When a year's report is due, and by which article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub date: Date,
    pub basis: &'static str,
}

/// The six sections of a report, in order.
#[derive(Debug)]
pub struct Section {
    pub numeral: &'static str,
    /// Anchor and key, stable across editions.
    pub key: &'static str,
    /// The heading as the 2021 template prints it (without numbering).
    pub title: &'static str,
    pub kind: SectionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Markdown narrative, found by heading text: any of these words in a `##` heading.
    Narrative { keywords: &'static [&'static str] },
    /// One of the numeric tables.
    Table(TableId),
}

pub const SECTIONS: [Section; 6] = [
    Section {
        numeral: "一",
        key: "overview",
        title: "总体情况",
        kind: SectionKind::Narrative {
            keywords: &["总体情况"],
        },
    },
    Section {
        numeral: "二",
        key: "active",
        title: "主动公开政府信息情况",
        kind: SectionKind::Table(TableId::Active),
    },
    Section {
        numeral: "三",
        key: "applications",
        title: "收到和处理政府信息公开申请情况",
        kind: SectionKind::Table(TableId::Applications),
    },
    Section {
        numeral: "四",
        key: "review_litigation",
        title: "政府信息公开行政复议、行政诉讼情况",
        kind: SectionKind::Table(TableId::ReviewLitigation),
    },
    Section {
        numeral: "五",
        key: "problems",
        title: "存在的主要问题及改进情况",
        kind: SectionKind::Narrative {
            keywords: &["存在的主要问题"],
        },
    },
    Section {
        numeral: "六",
        key: "other",
        title: "其他需要报告的事项",
        kind: SectionKind::Narrative {
            keywords: &["其他需要报告", "其它需要报告"],
        },
    },
];

impl Section {
    /// "一、总体情况"
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }

    pub fn narrative_keywords(&self) -> Option<&'static [&'static str]> {
        match self.kind {
            SectionKind::Narrative { keywords } => Some(keywords),
            SectionKind::Table(_) => None,
        }
    }

    pub fn table(&self) -> Option<TableId> {
        match self.kind {
            SectionKind::Table(t) => Some(t),
            SectionKind::Narrative { .. } => None,
        }
    }
}

/// The narrative sections (一、五、六), in order.
pub fn narrative_sections() -> impl Iterator<Item = &'static Section> {
    SECTIONS.iter().filter(|s| s.narrative_keywords().is_some())
}

/// The section that holds a table.
pub fn section_of(table: TableId) -> &'static Section {
    SECTIONS
        .iter()
        .find(|s| s.table() == Some(table))
        .expect("every table has a section")
}

/// "表三": how the template and readers name a table.
pub fn table_name(table: TableId) -> String {
    format!("表{}", section_of(table).numeral)
}

/// The top-level front-matter keys a report may have, besides the tables.
pub const META_KEYS: [&str; 8] = [
    "department",
    "year",
    "edition",
    "published",
    "title",
    "source",
    "example",
    "origin",
];

/// The key of the optional remarks table.
pub const NOTES_KEY: &str = "notes";

/// Default title of a report (format-spec B).
pub fn default_title(department: &str, year: i32) -> String {
    format!("{department}{year}年政府信息公开工作年度报告")
}
