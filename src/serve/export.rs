//! The ledger as files a reviewer opens in Excel or WPS: CSV with a byte-order mark (without
//! it Excel reads UTF-8 as the system's GBK and every Chinese cell is garbage) and .xlsx with
//! the tasks missing a unit or a deadline filled in colour.

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, XlsxError};

use crate::report::ledger::{self, COLUMNS, LedgerFile};

/// The sheet's name, as a reviewer files it.
pub const SHEET_NAME: &str = "任务清单";

/// `planlint extract --format csv`, headed by a UTF-8 byte-order mark.
pub fn csv(files: &[LedgerFile]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(ledger::csv(files).into_bytes());
    out
}

/// `青川县方案.docx` → `青川县方案-任务清单.xlsx`.
pub fn file_name(document: &str, ext: &str) -> String {
    let base = document.rsplit(['/', '\\']).next().unwrap_or(document);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    format!("{stem}-{SHEET_NAME}.{ext}")
}

/// Column widths in characters, so a title and a unit list are readable without resizing.
const WIDTHS: [f64; 8] = [18.0, 6.0, 48.0, 24.0, 32.0, 18.0, 10.0, 6.0];

/// Which columns hold numbers (序号, 行号), so Excel sorts them as numbers.
const NUMERIC: [usize; 2] = [1, 7];

/// The ledger as one sheet: a header row, one row per task, the incomplete ones coloured.
pub fn xlsx(files: &[LedgerFile]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let plain = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let incomplete = plain.clone().set_background_color(Color::RGB(0xFCE4D6));
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &head)?;
        sheet.set_column_width(col as u16, WIDTHS[col])?;
    }
    let tasks = files.iter().flat_map(|f| &f.tasks);
    let mut last_row = 0;
    for (i, (row, task)) in ledger::rows(files).into_iter().zip(tasks).enumerate() {
        let r = i as u32 + 1;
        last_row = r;
        let format = if task.units.is_empty() || task.deadline.is_none() {
            &incomplete
        } else {
            &plain
        };
        for (col, cell) in row.iter().enumerate() {
            let number = NUMERIC
                .contains(&col)
                .then(|| cell.parse::<f64>().ok())
                .flatten();
            match number {
                Some(n) => sheet.write_number_with_format(r, col as u16, n, format)?,
                None => sheet.write_string_with_format(r, col as u16, cell, format)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, COLUMNS.len() as u16 - 1)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_follow_the_document() {
        assert_eq!(
            file_name("青川县方案.docx", "xlsx"),
            "青川县方案-任务清单.xlsx"
        );
        assert_eq!(file_name("草稿/方案", "csv"), "方案-任务清单.csv");
    }
}
