//! The date a workbook was last saved, from its own document properties: the PDF's creation
//! date when no meeting or Cover date gives one, so that rebuilding still gives the same bytes.
//!
//! Read from `docProps/core.xml` (`dcterms:modified`, else `dcterms:created`) in an .xlsx,
//! .xlsm or .xlsb; `meta.xml` (`dc:date`, else `meta:creation-date`) in an .ods; and the
//! `SummaryInformation` property set (last saved, else created) of a legacy .xls.

use std::io::{Cursor, Read};

use crate::base::date::Date;

/// The largest properties part read; real ones are a few hundred bytes.
const MAX_PART: u64 = 1 << 20;

/// The workbook's last-saved date (else its creation date), if its properties record one.
pub fn modified(bytes: &[u8]) -> Option<Date> {
    if bytes.starts_with(super::CFB_MAGIC) {
        return summary_information(bytes);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let (part, names) = if archive.index_for_name("docProps/core.xml").is_some() {
        ("docProps/core.xml", ["modified", "created"])
    } else {
        ("meta.xml", ["date", "creation-date"])
    };
    let mut xml = String::new();
    archive
        .by_name(part)
        .ok()?
        .take(MAX_PART)
        .read_to_string(&mut xml)
        .ok()?;
    names
        .iter()
        .find_map(|name| element_text(&xml, name))
        .and_then(|text| Date::parse(text.trim().get(..10)?))
}

/// The text of the first element with this local name, whatever its namespace prefix.
fn element_text<'a>(xml: &'a str, local: &str) -> Option<&'a str> {
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find(|c: char| c == '>' || c.is_whitespace() || c == '/')?;
        let tag = &rest[..end];
        let name = tag.rsplit(':').next().unwrap_or(tag);
        if name == local && !tag.starts_with('/') {
            let body = &rest[rest.find('>')? + 1..];
            return body.find('<').map(|close| &body[..close]);
        }
    }
    None
}

/// PIDSI_LASTSAVE_DTM, else PIDSI_CREATE_DTM, from an OLE file's `\u{5}SummaryInformation`.
fn summary_information(bytes: &[u8]) -> Option<Date> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut data = Vec::new();
    file.open_stream("/\u{5}SummaryInformation")
        .ok()?
        .take(MAX_PART)
        .read_to_end(&mut data)
        .ok()?;
    let u32_at = |at: usize| {
        data.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    // Header (28 bytes), then the first section's FMTID (16) and offset (4).
    let section = u32_at(44)? as usize;
    let count = u32_at(section + 4)? as usize;
    let filetime = |pid: u32| {
        (0..count.min(1024)).find_map(|i| {
            let entry = section + 8 + i * 8;
            (u32_at(entry)? == pid).then_some(())?;
            let at = section + u32_at(entry + 4)? as usize;
            // VT_FILETIME: 100 ns intervals since 1601-01-01, in two little-endian halves.
            (u32_at(at)? == 0x40).then_some(())?;
            let ticks = u64::from(u32_at(at + 4)?) | (u64::from(u32_at(at + 8)?) << 32);
            (ticks > 0).then(|| Date::from_days((ticks / 10_000_000 / 86_400) as i64 - 134_774))
        })
    };
    filetime(13).or_else(|| filetime(12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_elements_whatever_their_prefix() {
        let core = r#"<cp:coreProperties xmlns:dcterms="x"><dc:creator>A</dc:creator><dcterms:created xsi:type="W3CDTF">2015-10-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="W3CDTF">2015-10-28T16:40:12Z</dcterms:modified></cp:coreProperties>"#;
        assert_eq!(element_text(core, "modified"), Some("2015-10-28T16:40:12Z"));
        assert_eq!(element_text(core, "created"), Some("2015-10-01T09:00:00Z"));
        assert_eq!(element_text(core, "date"), None);
        let meta = "<office:meta><meta:creation-date>2010-12-01T10:00:00</meta:creation-date><dc:date>2010-12-06T11:30:00</dc:date></office:meta>";
        assert_eq!(element_text(meta, "date"), Some("2010-12-06T11:30:00"));
    }

    #[test]
    fn reads_the_saved_date_of_an_xlsx() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2015, 10, 28).unwrap();
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&when));
        wb.add_worksheet().write_string(0, 0, "Title").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert_eq!(modified(&bytes), Date::new(2015, 10, 28));
        assert_eq!(modified(b"not a workbook"), None);
    }
}
