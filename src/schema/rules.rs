//! The validation rules (format-spec part C), as data: id, level and the rule in words. The
//! validator attaches these to its diagnostics and the "about the data" page lists them, so the
//! two can never disagree.

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
}

#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    pub code: &'static str,
    pub severity: Severity,
    /// The rule in words, as the about page and `check --explain` print it.
    pub summary: &'static str,
}

macro_rules! rule {
    ($id:ident, $code:expr, $sev:ident, $summary:expr) => {
        Rule {
            id: RuleId::$id,
            code: $code,
            severity: Severity::$sev,
            summary: $summary,
        }
    };
}

/// Every rule, in the order of format-spec part C (the two file-level rules first).
pub const RULES: &[Rule] = &[
    rule!(
        FileFormat,
        "F-FORMAT",
        Error,
        "文件可读：UTF-8 编码、以 +++ 包围的 TOML 前言、TOML 语法正确、文件大小合理"
    ),
    rule!(
        FileStyle,
        "F-STYLE",
        Warning,
        "文件以 UTF-8（无 BOM）保存、使用 LF 换行；带 BOM 或 CRLF 换行的文件可以读取，但会给出提示"
    ),
    rule!(
        FilePath,
        "F-PATH",
        Error,
        "文件位置：content/<年份>/<部门标识>.md，部门标识只含小写字母、数字和连字符"
    ),
    rule!(
        RBal,
        "R-BAL",
        Error,
        "表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度（模板自身的勾稽关系）"
    ),
    rule!(RCol, "R-COL", Error, "表三每一行：总计 = 六类申请人之和"),
    rule!(
        RSum,
        "R-SUM",
        Error,
        "表三每一列：（七）总计 = 全部办理结果明细行之和（2021版21行，2019版19行）"
    ),
    rule!(
        RT4,
        "R-T4",
        Error,
        "表四：每个总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"
    ),
    rule!(
        RNonneg,
        "R-NONNEG",
        Error,
        "每个数量为不小于0的整数（2019版“本年增/减”可为负）；收费金额为不小于0的小数"
    ),
    rule!(
        RShape,
        "R-SHAPE",
        Error,
        "行、键和每行数值个数与所用版式一致；未知的键是错误"
    ),
    rule!(
        REmpty,
        "R-EMPTY",
        Error,
        "整张表格全部空白（把未填写的模板当作报告发布）"
    ),
    rule!(RBlank, "R-BLANK", Warning, "单元格空白（按0计算）"),
    rule!(
        SSections,
        "S-SECTIONS",
        Error,
        "2019版和2021版报告必须有内容不为空的第一、五、六部分"
    ),
    rule!(
        SYear,
        "S-YEAR",
        Error,
        "前言中的年份与所在文件夹一致；同一年度同一部门只能有一份报告"
    ),
    rule!(
        XCarry,
        "X-CARRY",
        Warning,
        "本年“上年结转”与同一部门上一年度“结转下年度继续办理”逐列一致"
    ),
    rule!(XEdition, "X-EDITION", Warning, "报告版式与年度相符"),
    rule!(
        XInforce,
        "X-INFORCE",
        Warning,
        "现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止（文件可能自然失效，仅作提示）"
    ),
    rule!(
        NText,
        "N-TEXT",
        Warning,
        "正文中陈述的数字（如“共收到…申请N件”“上年结转M件”“行政复议N件”）与表格一致"
    ),
    rule!(
        NYear,
        "N-YEAR",
        Warning,
        "正文不应把本年度的计划或数字写成其他年份（如2023年报告的改进计划写“2023年我局将继续”）"
    ),
    rule!(
        SRegs,
        "S-REGS",
        Warning,
        "街道、乡镇和政府部门不制定规章（只有省级和设区的市级人民政府制定规章）"
    ),
    rule!(
        SPublished,
        "S-PUBLISHED",
        Warning,
        "发布期限（《条例》第五十条：次年1月31日；2018年度及以前为次年3月31日）已过的报告应填写发布日期 published，否则无法判断是否按期发布"
    ),
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
