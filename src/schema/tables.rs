//! Tables 二, 三 and 四 of the template: rows, columns, labels and keys (format-spec A.3–A.5).

use super::Edition;

/// The three numeric tables. The key is the front-matter table name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    Active,
    Applications,
    ReviewLitigation,
}

impl TableId {
    pub const ALL: [TableId; 3] = [
        TableId::Active,
        TableId::Applications,
        TableId::ReviewLitigation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TableId::Active => "active",
            TableId::Applications => "applications",
            TableId::ReviewLitigation => "review_litigation",
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Table 二 — 主动公开政府信息情况

/// What a cell of table 二 holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A count ≥ 0.
    Count,
    /// A count that may be negative (2019 `delta`: 本年增/减).
    SignedCount,
    /// An amount in 万元, kept exactly as written ("190.457379").
    Decimal,
    /// Free text (2019 `procurement.amount`: units vary).
    Text,
}

/// One column of a table-二 row.
#[derive(Debug)]
pub struct ActiveField {
    /// `None`: the row is a single value (`licensing = 0`); otherwise the inline-table key.
    pub key: Option<&'static str>,
    /// The column header as printed.
    pub label: &'static str,
    pub kind: FieldKind,
}

/// One row of table 二.
#[derive(Debug)]
pub struct ActiveRow {
    pub key: &'static str,
    /// 信息内容 as printed.
    pub label: &'static str,
    /// The 条例 clause the row's block is headed with.
    pub block: &'static str,
    pub fields: &'static [ActiveField],
}

impl ActiveRow {
    /// The key path of one field, as used by `[notes]` and diagnostics: `active.regulations.issued`.
    pub fn path(&self, field: &ActiveField) -> String {
        match field.key {
            Some(k) => format!("active.{}.{}", self.key, k),
            None => format!("active.{}", self.key),
        }
    }
}

const DECISIONS: &[ActiveField] = &[ActiveField {
    key: None,
    label: "本年处理决定数量",
    kind: FieldKind::Count,
}];

const FEES_2021: &[ActiveField] = &[ActiveField {
    key: None,
    label: "本年收费金额（单位：万元）",
    kind: FieldKind::Decimal,
}];

const DOCS_2021: &[ActiveField] = &[
    ActiveField {
        key: Some("issued"),
        label: "本年制发件数",
        kind: FieldKind::Count,
    },
    ActiveField {
        key: Some("repealed"),
        label: "本年废止件数",
        kind: FieldKind::Count,
    },
    ActiveField {
        key: Some("in_force"),
        label: "现行有效件数",
        kind: FieldKind::Count,
    },
];

const DOCS_2019: &[ActiveField] = &[
    ActiveField {
        key: Some("new_made"),
        label: "本年新制作数量",
        kind: FieldKind::Count,
    },
    ActiveField {
        key: Some("new_published"),
        label: "本年新公开数量",
        kind: FieldKind::Count,
    },
    ActiveField {
        key: Some("total_published"),
        label: "对外公开总数量",
        kind: FieldKind::Count,
    },
];

const PREV_ITEMS: ActiveField = ActiveField {
    key: Some("prev_items"),
    label: "上一年项目数量",
    kind: FieldKind::Count,
};
const DELTA: ActiveField = ActiveField {
    key: Some("delta"),
    label: "本年增/减",
    kind: FieldKind::SignedCount,
};

const ITEMS_2019: &[ActiveField] = &[
    PREV_ITEMS,
    DELTA,
    ActiveField {
        key: Some("decisions"),
        label: "处理决定数量",
        kind: FieldKind::Count,
    },
];

/// The header of table 二's first column in every block.
pub const ACTIVE_CONTENT_HEADER: &str = "信息内容";

const BLOCK_1: &str = "第二十条第（一）项";
const BLOCK_5: &str = "第二十条第（五）项";
const BLOCK_6: &str = "第二十条第（六）项";
const BLOCK_8: &str = "第二十条第（八）项";
const BLOCK_9: &str = "第二十条第（九）项";

pub const ACTIVE_2021: &[ActiveRow] = &[
    ActiveRow {
        key: "regulations",
        label: "规章",
        block: BLOCK_1,
        fields: DOCS_2021,
    },
    ActiveRow {
        key: "normative_docs",
        label: "行政规范性文件",
        block: BLOCK_1,
        fields: DOCS_2021,
    },
    ActiveRow {
        key: "licensing",
        label: "行政许可",
        block: BLOCK_5,
        fields: DECISIONS,
    },
    ActiveRow {
        key: "punishment",
        label: "行政处罚",
        block: BLOCK_6,
        fields: DECISIONS,
    },
    ActiveRow {
        key: "coercion",
        label: "行政强制",
        block: BLOCK_6,
        fields: DECISIONS,
    },
    ActiveRow {
        key: "fees",
        label: "行政事业性收费",
        block: BLOCK_8,
        fields: FEES_2021,
    },
];

pub const ACTIVE_2019: &[ActiveRow] = &[
    ActiveRow {
        key: "regulations",
        label: "规章",
        block: BLOCK_1,
        fields: DOCS_2019,
    },
    ActiveRow {
        key: "normative_docs",
        label: "规范性文件",
        block: BLOCK_1,
        fields: DOCS_2019,
    },
    ActiveRow {
        key: "licensing",
        label: "行政许可",
        block: BLOCK_5,
        fields: ITEMS_2019,
    },
    ActiveRow {
        key: "other_services",
        label: "其他对外管理服务事项",
        block: BLOCK_5,
        fields: ITEMS_2019,
    },
    ActiveRow {
        key: "punishment",
        label: "行政处罚",
        block: BLOCK_6,
        fields: ITEMS_2019,
    },
    ActiveRow {
        key: "coercion",
        label: "行政强制",
        block: BLOCK_6,
        fields: ITEMS_2019,
    },
    ActiveRow {
        key: "fees",
        label: "行政事业性收费",
        block: BLOCK_8,
        fields: &[PREV_ITEMS, DELTA],
    },
    ActiveRow {
        key: "procurement",
        label: "政府集中采购",
        block: BLOCK_9,
        fields: &[
            ActiveField {
                key: Some("projects"),
                label: "采购项目数量",
                kind: FieldKind::Count,
            },
            ActiveField {
                key: Some("amount"),
                label: "采购总金额",
                kind: FieldKind::Text,
            },
        ],
    },
];

/// The rows of table 二 for an edition (empty for `free`).
pub fn active_rows(edition: Edition) -> &'static [ActiveRow] {
    match edition {
        Edition::E2021 => ACTIVE_2021,
        Edition::E2019 => ACTIVE_2019,
        Edition::Free => &[],
    }
}

/// The 2021 row that holds 规章 counts (rule S-REGS), looked up by key so the rule names no label.
pub const REGULATIONS_KEY: &str = "regulations";
/// The 2021 rows whose `in_force` carries over (rule X-INFORCE).
pub const IN_FORCE_ROWS: [&str; 2] = ["regulations", "normative_docs"];
pub const IN_FORCE_FIELDS: (&str, &str, &str) = ("issued", "repealed", "in_force");

// ----------------------------------------------------------------------------------------------
// Table 三 — 收到和处理政府信息公开申请情况

/// The merged top-left header cell of table 三.
pub const APPLICATIONS_CORNER: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The header over all applicant columns.
pub const APPLICANT_HEADER: &str = "申请人情况";

/// One applicant column of table 三.
#[derive(Debug)]
pub struct ApplicantColumn {
    pub key: &'static str,
    pub label: &'static str,
    /// The merged header above the column, if any (法人或其他组织 spans five columns).
    pub group: Option<&'static str>,
}

pub const LEGAL_PERSONS: &str = "法人或其他组织";

/// The seven columns, 总计 last. A row has these 7 values, or the first 6 with 总计 computed.
pub const APPLICANT_COLUMNS: [ApplicantColumn; 7] = [
    ApplicantColumn {
        key: "natural",
        label: "自然人",
        group: None,
    },
    ApplicantColumn {
        key: "business",
        label: "商业企业",
        group: Some(LEGAL_PERSONS),
    },
    ApplicantColumn {
        key: "research",
        label: "科研机构",
        group: Some(LEGAL_PERSONS),
    },
    ApplicantColumn {
        key: "public_interest",
        label: "社会公益组织",
        group: Some(LEGAL_PERSONS),
    },
    ApplicantColumn {
        key: "legal_service",
        label: "法律服务机构",
        group: Some(LEGAL_PERSONS),
    },
    ApplicantColumn {
        key: "other",
        label: "其他",
        group: Some(LEGAL_PERSONS),
    },
    ApplicantColumn {
        key: "total",
        label: "总计",
        group: None,
    },
];

/// Number of applicant columns without 总计.
pub const APPLICANT_PARTS: usize = 6;
/// Index of the 总计 column.
pub const APPLICANT_TOTAL: usize = 6;

/// What a row of table 三 means in the 勾稽关系.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowRole {
    /// 一、本年新收
    New,
    /// 二、上年结转
    CarriedOver,
    /// A leaf of 三、本年度办理结果 (summed by R-SUM).
    Result,
    /// （七）总计
    Total,
    /// 四、结转下年度继续办理
    CarriedForward,
}

/// A merged label spanning several rows (（三）不予公开 …).
#[derive(Debug, PartialEq, Eq)]
pub struct RowGroup {
    pub key: &'static str,
    pub label: &'static str,
    /// The label without its numbering, for summaries and key figures ("不予公开").
    pub short: &'static str,
}

/// 三、本年度办理结果: the label over all result rows and （七）总计.
pub const RESULTS_HEADING: &str = "三、本年度办理结果";

pub const WITHHELD: RowGroup = RowGroup {
    key: "withheld",
    label: "（三）不予公开",
    short: "不予公开",
};
pub const UNAVAILABLE: RowGroup = RowGroup {
    key: "unavailable",
    label: "（四）无法提供",
    short: "无法提供",
};
pub const NOT_PROCESSED: RowGroup = RowGroup {
    key: "not_processed",
    label: "（五）不予处理",
    short: "不予处理",
};
pub const OTHER: RowGroup = RowGroup {
    key: "other",
    label: "（六）其他处理",
    short: "其他处理",
};

/// One row of table 三.
#[derive(Debug)]
pub struct ApplicationRow {
    /// Key path under `[applications]`: `new`, `withheld.state_secret`, `other` (2019).
    pub key: &'static str,
    /// The label as the template prints it in its own cell.
    pub label: &'static str,
    /// A short name for messages and CSV headers where the label alone is ambiguous ("1.其他").
    pub short: &'static str,
    pub role: RowRole,
    /// The merged group label to the left, for leaves of （三）–（六）.
    pub group: Option<&'static RowGroup>,
    /// Editions that have the row.
    pub editions: &'static [Edition],
}

const BOTH: &[Edition] = &[Edition::E2021, Edition::E2019];
const ONLY_2021: &[Edition] = &[Edition::E2021];
const ONLY_2019: &[Edition] = &[Edition::E2019];

macro_rules! app_row {
    ($key:expr, $label:expr, $short:expr, $role:ident, $group:expr, $eds:expr) => {
        ApplicationRow {
            key: $key,
            label: $label,
            short: $short,
            role: RowRole::$role,
            group: $group,
            editions: $eds,
        }
    };
}

/// Every row of table 三 in template order, for both editions (filter with [`application_rows`]).
pub const APPLICATION_ROWS: &[ApplicationRow] = &[
    app_row!(
        "new",
        "一、本年新收政府信息公开申请数量",
        "本年新收",
        New,
        None,
        BOTH
    ),
    app_row!(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        "上年结转",
        CarriedOver,
        None,
        BOTH
    ),
    app_row!(
        "disclosed",
        "（一）予以公开",
        "予以公开",
        Result,
        None,
        BOTH
    ),
    app_row!(
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        Result,
        None,
        BOTH
    ),
    app_row!(
        "withheld.state_secret",
        "1.属于国家秘密",
        "不予公开·属于国家秘密",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.law_forbidden",
        "2.其他法律行政法规禁止公开",
        "不予公开·其他法律行政法规禁止公开",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.security_stability",
        "3.危及“三安全一稳定”",
        "不予公开·危及“三安全一稳定”",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.third_party",
        "4.保护第三方合法权益",
        "不予公开·保护第三方合法权益",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.internal_affairs",
        "5.属于三类内部事务信息",
        "不予公开·属于三类内部事务信息",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.process_info",
        "6.属于四类过程性信息",
        "不予公开·属于四类过程性信息",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.enforcement_file",
        "7.属于行政执法案卷",
        "不予公开·属于行政执法案卷",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "withheld.admin_query",
        "8.属于行政查询事项",
        "不予公开·属于行政查询事项",
        Result,
        Some(&WITHHELD),
        BOTH
    ),
    app_row!(
        "unavailable.not_held",
        "1.本机关不掌握相关政府信息",
        "无法提供·本机关不掌握相关政府信息",
        Result,
        Some(&UNAVAILABLE),
        BOTH
    ),
    app_row!(
        "unavailable.needs_creation",
        "2.没有现成信息需要另行制作",
        "无法提供·没有现成信息需要另行制作",
        Result,
        Some(&UNAVAILABLE),
        BOTH
    ),
    app_row!(
        "unavailable.unclear",
        "3.补正后申请内容仍不明确",
        "无法提供·补正后申请内容仍不明确",
        Result,
        Some(&UNAVAILABLE),
        BOTH
    ),
    app_row!(
        "not_processed.petition",
        "1.信访举报投诉类申请",
        "不予处理·信访举报投诉类申请",
        Result,
        Some(&NOT_PROCESSED),
        BOTH
    ),
    app_row!(
        "not_processed.duplicate",
        "2.重复申请",
        "不予处理·重复申请",
        Result,
        Some(&NOT_PROCESSED),
        BOTH
    ),
    app_row!(
        "not_processed.publication",
        "3.要求提供公开出版物",
        "不予处理·要求提供公开出版物",
        Result,
        Some(&NOT_PROCESSED),
        BOTH
    ),
    app_row!(
        "not_processed.excessive",
        "4.无正当理由大量反复申请",
        "不予处理·无正当理由大量反复申请",
        Result,
        Some(&NOT_PROCESSED),
        BOTH
    ),
    app_row!(
        "not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "不予处理·要求行政机关确认或重新出具已获取信息",
        Result,
        Some(&NOT_PROCESSED),
        BOTH
    ),
    app_row!(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "其他处理·逾期不补正",
        Result,
        Some(&OTHER),
        ONLY_2021
    ),
    app_row!(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他处理·逾期未缴纳费用",
        Result,
        Some(&OTHER),
        ONLY_2021
    ),
    app_row!(
        "other.other",
        "3.其他",
        "其他处理·其他",
        Result,
        Some(&OTHER),
        ONLY_2021
    ),
    app_row!(
        "other",
        "（六）其他处理",
        "其他处理",
        Result,
        None,
        ONLY_2019
    ),
    app_row!("total", "（七）总计", "总计", Total, None, BOTH),
    app_row!(
        "carried_forward",
        "四、结转下年度继续办理",
        "结转下年度",
        CarriedForward,
        None,
        BOTH
    ),
];

/// The rows of table 三 that an edition has, in template order (none for `free`).
pub fn application_rows(edition: Edition) -> impl Iterator<Item = &'static ApplicationRow> {
    EDITION_ROWS[edition_index(edition)].rows.iter().copied()
}

/// Where the row with a key path (`withheld.state_secret`) is among its edition's rows
/// ([`application_rows`]); `None` for a key the edition does not have.
pub fn application_row_position(edition: Edition, key: &str) -> Option<usize> {
    EDITION_ROWS[edition_index(edition)]
        .positions
        .get(key)
        .copied()
}

/// An edition's rows of table 三, picked from [`APPLICATION_ROWS`] once: every report walks
/// them many times, and looks up each of its rows by key.
struct EditionRows {
    rows: Vec<&'static ApplicationRow>,
    positions: rustc_hash::FxHashMap<&'static str, usize>,
}

static EDITION_ROWS: std::sync::LazyLock<[EditionRows; 3]> = std::sync::LazyLock::new(|| {
    EDITIONS.map(|e| {
        let rows: Vec<&'static ApplicationRow> = APPLICATION_ROWS
            .iter()
            .filter(|r| r.editions.contains(&e))
            .collect();
        let positions = rows.iter().enumerate().map(|(i, r)| (r.key, i)).collect();
        EditionRows { rows, positions }
    })
});

/// The editions in the order of [`EDITION_ROWS`], each at its [`edition_index`].
const EDITIONS: [Edition; 3] = [Edition::E2021, Edition::E2019, Edition::Free];

fn edition_index(edition: Edition) -> usize {
    match edition {
        Edition::E2021 => 0,
        Edition::E2019 => 1,
        Edition::Free => 2,
    }
}

/// The row of an edition with a given role (New, CarriedOver, Total, CarriedForward are unique).
pub fn application_row(edition: Edition, role: RowRole) -> Option<&'static ApplicationRow> {
    application_rows(edition).find(|r| r.role == role)
}

impl ApplicationRow {
    /// Whether the row sits under 三、本年度办理结果.
    pub fn under_results(&self) -> bool {
        matches!(self.role, RowRole::Result | RowRole::Total)
    }

    pub fn path(&self) -> String {
        format!("applications.{}", self.key)
    }
}

// ----------------------------------------------------------------------------------------------
// Table 四 — 政府信息公开行政复议、行政诉讼情况

/// One group of five cells of table 四.
#[derive(Debug)]
pub struct ReviewGroup {
    pub key: &'static str,
    /// The top header (行政复议 / 行政诉讼).
    pub kind: &'static str,
    /// The second header (未经复议直接起诉 / 复议后起诉), for litigation.
    pub sub: Option<&'static str>,
}

impl ReviewGroup {
    /// "行政复议", "行政诉讼（未经复议直接起诉）"
    pub fn name(&self) -> String {
        match self.sub {
            Some(sub) => format!("{}（{}）", self.kind, sub),
            None => self.kind.to_string(),
        }
    }

    pub fn path(&self) -> String {
        format!("review_litigation.{}", self.key)
    }
}

pub const REVIEW: &str = "行政复议";
pub const LITIGATION: &str = "行政诉讼";

pub const REVIEW_GROUPS: [ReviewGroup; 3] = [
    ReviewGroup {
        key: "review",
        kind: REVIEW,
        sub: None,
    },
    ReviewGroup {
        key: "litigation_direct",
        kind: LITIGATION,
        sub: Some("未经复议直接起诉"),
    },
    ReviewGroup {
        key: "litigation_after_review",
        kind: LITIGATION,
        sub: Some("复议后起诉"),
    },
];

/// A column of table 四: the printed header and the short name used in equations.
#[derive(Debug)]
pub struct ReviewColumn {
    pub key: &'static str,
    pub label: &'static str,
    pub short: &'static str,
}

pub const REVIEW_COLUMNS: [ReviewColumn; 5] = [
    ReviewColumn {
        key: "upheld",
        label: "结果维持",
        short: "维持",
    },
    ReviewColumn {
        key: "corrected",
        label: "结果纠正",
        short: "纠正",
    },
    ReviewColumn {
        key: "other",
        label: "其他结果",
        short: "其他",
    },
    ReviewColumn {
        key: "pending",
        label: "尚未审结",
        short: "尚未审结",
    },
    ReviewColumn {
        key: "total",
        label: "总计",
        short: "总计",
    },
];

/// Index of 总计 in a table-四 group.
pub const REVIEW_TOTAL: usize = 4;
