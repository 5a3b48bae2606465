//! Key figures: the handful of numbers the year, department and home pages summarise a report
//! by. Each is defined by where it comes from in the template, and its label is read from the
//! row, group or column it comes from, so no label is written twice.

use super::tables::{
    ACTIVE_2021, ApplicationRow, NOT_PROCESSED, RowGroup, RowRole, UNAVAILABLE, WITHHELD,
    application_row,
};
use super::{Edition, LITIGATION, REVIEW};

/// Where a key figure's number comes from.
#[derive(Debug)]
pub enum FigureSource {
    /// 总计 of the table-三 row with this role.
    Role(RowRole),
    /// 总计 of the table-三 row with this key.
    Row(&'static str),
    /// Sum of 总计 over a group's rows (（三）不予公开 …).
    Group(&'static RowGroup),
    /// Sum of the 总计 cells of the table-四 groups of this kind (行政复议 / 行政诉讼).
    Review(&'static str),
    /// The number of decisions in a table-二 row (2021: the row's one value; 2019: `decisions`).
    Decisions(&'static str),
}

#[derive(Debug)]
pub struct KeyFigure {
    /// Stable identifier (JSON, CSS classes).
    pub key: &'static str,
    pub source: FigureSource,
}

/// The table-二 field keys that hold a number of decisions, by edition.
pub const DECISION_FIELDS: [Option<&str>; 2] = [None, Some("decisions")];

pub const KEY_FIGURES: [KeyFigure; 11] = [
    KeyFigure {
        key: "new",
        source: FigureSource::Role(RowRole::New),
    },
    KeyFigure {
        key: "disclosed",
        source: FigureSource::Row("disclosed"),
    },
    KeyFigure {
        key: "partial",
        source: FigureSource::Row("partial"),
    },
    KeyFigure {
        key: "withheld",
        source: FigureSource::Group(&WITHHELD),
    },
    KeyFigure {
        key: "unavailable",
        source: FigureSource::Group(&UNAVAILABLE),
    },
    KeyFigure {
        key: "not_processed",
        source: FigureSource::Group(&NOT_PROCESSED),
    },
    KeyFigure {
        key: "carried_forward",
        source: FigureSource::Role(RowRole::CarriedForward),
    },
    KeyFigure {
        key: "review",
        source: FigureSource::Review(REVIEW),
    },
    KeyFigure {
        key: "litigation",
        source: FigureSource::Review(LITIGATION),
    },
    KeyFigure {
        key: "punishment",
        source: FigureSource::Decisions("punishment"),
    },
    KeyFigure {
        key: "licensing",
        source: FigureSource::Decisions("licensing"),
    },
];

fn row_of(role: RowRole) -> &'static ApplicationRow {
    application_row(Edition::E2021, role).expect("2021 has every unique role")
}

impl KeyFigure {
    /// The label, read from the schema entry the figure comes from.
    pub fn label(&self) -> &'static str {
        self.source.label()
    }
}

impl FigureSource {
    /// The short name of the row, group or column a figure comes from ("本年新收", "不予公开").
    pub fn label(&self) -> &'static str {
        match self {
            FigureSource::Role(role) => row_of(*role).short,
            FigureSource::Row(key) => {
                super::APPLICATION_ROWS
                    .iter()
                    .find(|r| r.key == *key)
                    .expect("key figure rows exist")
                    .short
            }
            FigureSource::Group(g) => g.short,
            FigureSource::Review(kind) => kind,
            FigureSource::Decisions(row) => {
                ACTIVE_2021
                    .iter()
                    .find(|r| r.key == *row)
                    .expect("key figure rows exist")
                    .label
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_template() {
        let labels: Vec<_> = KEY_FIGURES.iter().map(|f| f.label()).collect();
        assert_eq!(
            labels,
            [
                "本年新收",
                "予以公开",
                "部分公开",
                "不予公开",
                "无法提供",
                "不予处理",
                "结转下年度",
                "行政复议",
                "行政诉讼",
                "行政处罚",
                "行政许可"
            ]
        );
    }
}
