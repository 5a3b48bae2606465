//! The validation rules (format-spec part C), as data: id, level and the rule in words. The
//! validator attaches these to its diagnostics and the "about the data" page lists them, so the
//! two can never disagree.

use crate::i18n::{self, Lang};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// 错误 / 提示 (error / warning) in `lang`.
    pub fn label(self, lang: Lang) -> String {
        match self {
            Severity::Error => i18n::t(lang, "severity-error"),
            Severity::Warning => i18n::t(lang, "severity-warning"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    FileFormat,
    FileStyle,
    FilePath,
    RBal,
    RCol,
    RSum,
    RT4,
    RNonneg,
    RShape,
    REmpty,
    RBlank,
    SSections,
    SYear,
    XCarry,
    XEdition,
    XInforce,
    NText,
    NYear,
    SRegs,
    SPublished,
    SBody,
    SRegion,
}

/// A rule: its stable id and level. The rule in words, why it exists and an example are in the
/// message catalogue under `rule-<code>` (with `.why` and `.example`), in every language.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    pub code: &'static str,
    pub severity: Severity,
}

macro_rules! rule {
    ($id:ident, $code:expr, $sev:ident) => {
        Rule {
            id: RuleId::$id,
            code: $code,
            severity: Severity::$sev,
        }
    };
}

impl Rule {
    /// The catalogue id of the rule in words (`rule-R-BAL`).
    pub fn catalogue_id(&self) -> String {
        format!("rule-{}", self.code)
    }

    /// The rule in words, as the about page, the report page and `check --explain` print it.
    pub fn summary(&self, lang: Lang) -> String {
        i18n::attribute(lang, &self.catalogue_id(), "summary").unwrap_or_default()
    }

    /// Why the rule exists (`check --explain`).
    pub fn why(&self, lang: Lang) -> String {
        i18n::attribute(lang, &self.catalogue_id(), "why").unwrap_or_default()
    }

    /// An example of a finding and its fix (`check --explain`).
    pub fn example(&self, lang: Lang) -> String {
        i18n::attribute(lang, &self.catalogue_id(), "example").unwrap_or_default()
    }
}

/// Every rule, in the order of format-spec part C (the two file-level rules first).
pub const RULES: &[Rule] = &[
    rule!(FileFormat, "F-FORMAT", Error),
    rule!(FileStyle, "F-STYLE", Warning),
    rule!(FilePath, "F-PATH", Error),
    rule!(RBal, "R-BAL", Error),
    rule!(RCol, "R-COL", Error),
    rule!(RSum, "R-SUM", Error),
    rule!(RT4, "R-T4", Error),
    rule!(RNonneg, "R-NONNEG", Error),
    rule!(RShape, "R-SHAPE", Error),
    rule!(REmpty, "R-EMPTY", Error),
    rule!(RBlank, "R-BLANK", Warning),
    rule!(SSections, "S-SECTIONS", Error),
    rule!(SYear, "S-YEAR", Error),
    rule!(XCarry, "X-CARRY", Warning),
    rule!(XEdition, "X-EDITION", Warning),
    rule!(XInforce, "X-INFORCE", Warning),
    rule!(NText, "N-TEXT", Warning),
    rule!(NYear, "N-YEAR", Warning),
    rule!(SRegs, "S-REGS", Warning),
    rule!(SPublished, "S-PUBLISHED", Warning),
    rule!(SBody, "S-BODY", Warning),
    rule!(SRegion, "S-REGION", Warning),
];

impl RuleId {
    pub fn rule(self) -> &'static Rule {
        RULES
            .iter()
            .find(|r| r.id == self)
            .expect("every rule id is in RULES")
    }

    pub fn code(self) -> &'static str {
        self.rule().code
    }

    pub fn severity(self) -> Severity {
        self.rule().severity
    }

    pub fn from_code(code: &str) -> Option<RuleId> {
        RULES.iter().find(|r| r.code == code).map(|r| r.id)
    }
}
