//! Tables laid out as a grid, for every importer that reads real tables (Word and HTML): a cell
//! spanning columns is one cell of its row; a cell spanning rows (HTML `rowspan`, Word `vMerge`)
//! repeats in every row it covers, so a row label such as "（三）不予公开" reaches each of its
//! sub-rows. The sizes are bounded here, in one place: a few KB of document can declare a cell
//! continued through thousands of rows, and laying that out would take gigabytes.

use super::{ImportError, Item, text};
use crate::i18n::Msg;
use crate::msg;

/// The most rows a table may have (the template's largest table has under 30).
pub const MAX_ROWS: usize = 2_000;
/// The most grid columns (table 四 has 15).
pub const MAX_COLUMNS: usize = 100;
/// The most characters in one cell (a narrative laid out in a table cell stays well under).
pub const MAX_CELL_CHARS: usize = 20_000;
/// The most bytes of a table's rows once laid out (row-spanning cells counted in every row).
pub const MAX_TABLE_BYTES: usize = 4_000_000;

/// A table being laid out row by row. Cells are numbered; each grid slot holds the number of
/// the cell covering it.
pub struct Grid {
    /// Which table of the document, from 1 (for messages).
    table: usize,
    texts: Vec<String>,
    rows: Vec<Vec<Option<usize>>>,
    /// Per column: the cell still covering it in the rows below, and for how many more rows.
    pending: Vec<Option<(usize, usize)>>,
    bytes: usize,
}

impl Grid {
    pub fn new(table: usize) -> Self {
        Grid {
            table,
            texts: vec![],
            rows: vec![],
            pending: vec![],
            bytes: 0,
        }
    }

    fn refuse(&self, what: Msg) -> ImportError {
        ImportError(msg!("imp-table-too-large", table = self.table, what = what))
    }

    /// Start a new row.
    pub fn row(&mut self) -> Result<(), ImportError> {
        self.end_row();
        if self.rows.len() >= MAX_ROWS {
            return Err(self.refuse(msg!("imp-too-many-rows", max = MAX_ROWS)));
        }
        self.rows.push(vec![]);
        Ok(())
    }

    fn current(&mut self) -> &mut Vec<Option<usize>> {
        if self.rows.is_empty() {
            self.rows.push(vec![]);
        }
        self.rows.last_mut().expect("a row exists")
    }

    /// Fill the slots at the end of the current row still covered by cells from rows above.
    fn take_pending(&mut self) {
        loop {
            let col = self.current().len();
            match self.pending.get_mut(col) {
                Some(Some((id, left))) => {
                    let id = *id;
                    *left -= 1;
                    if *left == 0 {
                        self.pending[col] = None;
                    }
                    self.current().push(Some(id));
                }
                _ => break,
            }
        }
    }

    /// Close the current row: cells from above still covering columns past its last cell.
    fn end_row(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        for col in self.current().len()..self.pending.len() {
            if let Some((id, left)) = self.pending[col] {
                self.pending[col] = (left > 1).then_some((id, left - 1));
                let row = self.current();
                row.resize(col, None);
                row.push(Some(id));
            }
        }
    }

    fn place(&mut self, id: usize, colspan: usize) -> Result<usize, ImportError> {
        let start = self.current().len();
        let width = start.saturating_add(colspan.max(1));
        if width > MAX_COLUMNS {
            return Err(self.refuse(msg!(
                "imp-too-wide",
                row = self.rows.len(),
                width = width,
                max = MAX_COLUMNS
            )));
        }
        for _ in start..width {
            self.current().push(Some(id));
        }
        Ok(start)
    }

    /// A cell of the current row spanning `colspan` columns and `rowspan` rows (the rows it
    /// covers are filled as they come: a span past the table's end costs nothing).
    pub fn cell(&mut self, text: &str, colspan: usize, rowspan: usize) -> Result<(), ImportError> {
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(self.refuse(msg!(
                "imp-cell-too-long",
                row = self.rows.len(),
                chars = chars,
                max = MAX_CELL_CHARS
            )));
        }
        self.take_pending();
        let id = self.texts.len();
        self.texts.push(text.trim().to_string());
        let start = self.place(id, colspan)?;
        if rowspan > 1 {
            let end = self.current().len();
            if self.pending.len() < end {
                self.pending.resize(end, None);
            }
            for slot in &mut self.pending[start..end] {
                *slot = Some((id, rowspan - 1));
            }
        }
        Ok(())
    }

    /// A Word cell continuing the vertical merge of the cell above it (`vMerge` without
    /// `restart`): the same cell, one more row.
    pub fn continue_above(&mut self, colspan: usize) -> Result<(), ImportError> {
        self.take_pending();
        let col = self.current().len();
        let above = self
            .rows
            .len()
            .checked_sub(2)
            .and_then(|r| self.rows[r].get(col).copied().flatten());
        match above {
            Some(id) => self.place(id, colspan).map(|_| ()),
            None => self.cell("", colspan, 1),
        }
    }

    /// The rows as items: each cell once per row, in column order.
    pub fn finish(mut self) -> Result<Vec<Item>, ImportError> {
        self.end_row();
        let mut items = vec![];
        for r in 0..self.rows.len() {
            let row = std::mem::take(&mut self.rows[r]);
            let mut cells: Vec<String> = vec![];
            let mut last: Option<Option<usize>> = None;
            for slot in row {
                if last == Some(slot) && slot.is_some() {
                    continue;
                }
                last = Some(slot);
                let t = slot.map_or("", |id| self.texts[id].as_str());
                self.bytes += t.len();
                if self.bytes > MAX_TABLE_BYTES {
                    return Err(self.refuse(msg!("imp-too-many-bytes", max = MAX_TABLE_BYTES)));
                }
                cells.push(t.to_string());
            }
            if cells.is_empty() {
                continue;
            }
            let raw = cells.join(" | ");
            match text::row_from_cells(&cells, &raw) {
                Item::Para { text, .. } if text.is_empty() => {}
                item => items.push(item),
            }
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(Item::text).collect()
    }

    #[test]
    fn row_and_column_spans_repeat_per_row_once_per_cell() {
        let mut g = Grid::new(1);
        g.row().unwrap();
        g.cell("三、本年度办理结果", 1, 3).unwrap();
        g.cell("（一）予以公开", 2, 1).unwrap();
        g.cell("5", 1, 1).unwrap();
        g.row().unwrap();
        g.cell("（三）不予公开", 1, 2).unwrap();
        g.cell("1.属于国家秘密", 1, 1).unwrap();
        g.cell("0", 1, 1).unwrap();
        g.row().unwrap();
        g.cell("2.其他法律行政法规禁止公开", 1, 1).unwrap();
        g.cell("", 1, 1).unwrap();
        g.cell("1", 1, 1).unwrap();
        let items = g.finish().unwrap();
        assert_eq!(
            texts(&items),
            [
                "三、本年度办理结果 | （一）予以公开 | 5",
                "三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0",
                "三、本年度办理结果 | （三）不予公开 | 2.其他法律行政法规禁止公开 |  | 1",
            ]
        );
    }

    #[test]
    fn hostile_spans_are_bounded() {
        // rowspan past the end of the table costs nothing.
        let mut g = Grid::new(2);
        g.row().unwrap();
        g.cell("x", 1, 65_534).unwrap();
        g.cell("1", 1, 1).unwrap();
        assert_eq!(g.finish().unwrap().len(), 1);
        // colspan beyond the bound is refused with the table named.
        let mut g = Grid::new(3);
        g.row().unwrap();
        let e = g.cell("x", 1000, 1).unwrap_err();
        let e = e.0.en();
        assert!(e.contains("table 3") && e.contains("columns"), "{e}");
        // A long cell repeated through many rows is refused, not laid out.
        let mut g = Grid::new(4);
        g.row().unwrap();
        g.cell(&"字".repeat(MAX_CELL_CHARS), 1, 1).unwrap();
        for _ in 1..MAX_ROWS {
            g.row().unwrap();
            g.continue_above(1).unwrap();
        }
        let e = g.finish().unwrap_err().0;
        assert!(e.en().contains("table 4"), "{}", e.en());
        assert!(e.text(crate::i18n::Lang::Zh).contains("第 4 个表格"));
    }
}
