//! Smaller PDFs: a pass over the finished file that moves every dictionary and array (most
//! of them the structure tree that tagging writes) into compressed object streams, and
//! replaces the cross-reference table with a compressed cross-reference stream.
//!
//! Typst's PDF writer writes neither. The pass copies each object's bytes as the writer wrote
//! them: stream objects (page contents, fonts, images, the XMP metadata, which PDF/A wants
//! uncompressed) stay where they are, byte for byte, and the other objects keep their numbers
//! and their text inside the object streams. The trailer's entries (`/Root`, `/Info` and the
//! document `/ID`) move unchanged into the cross-reference stream. Object streams arrived in
//! PDF 1.5 and PDF/A-2 (based on PDF 1.7) allows them; the output is as reproducible as the
//! input, since nothing here depends on anything but the input's bytes.

use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;

/// Objects per object stream. A reader inflates a whole stream to reach one object, so the
/// streams stay small enough for that to be quick, and large enough that the compressor sees
/// the structure tree's repeated keys many times.
const PER_STREAM: usize = 200;

/// One object of the input, located by the cross-reference table.
struct Object<'a> {
    number: u32,
    generation: u16,
    /// From `N G obj` to the end of the object (before the next one or the xref table).
    whole: &'a [u8],
    /// What is between `obj` and `endobj`, trimmed; `None` for a stream object.
    body: Option<&'a [u8]>,
}

/// Where an object ends up, for the cross-reference stream.
#[derive(Clone, Copy)]
enum Entry {
    Free { next: u32, generation: u16 },
    Direct { offset: usize, generation: u16 },
    Packed { stream: u32, index: u32 },
}

/// Whether the pass runs: always, unless `PAPERS_OBJECT_STREAMS=0` asks for the files as
/// Typst writes them (the benchmark compares sizes and build times that way).
pub fn enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("PAPERS_OBJECT_STREAMS").is_none_or(|v| v != "0"))
}

/// The PDF `input` with its non-stream objects in object streams and a cross-reference
/// stream. `None` when the file is not laid out as Typst writes it (one cross-reference
/// table, no encryption, no incremental update): the caller keeps the input then.
pub fn object_streams(input: &[u8]) -> Option<Vec<u8>> {
    let xref_at = start_xref(input)?;
    let (table, trailer) = read_table(input, xref_at)?;
    if has_key(trailer, b"/Encrypt") || has_key(trailer, b"/Prev") || has_key(trailer, b"/XRefStm")
    {
        return None;
    }
    let objects = locate(input, &table, xref_at)?;
    let size = table.len() as u32;

    let mut out = Vec::with_capacity(input.len() / 2);
    out.extend_from_slice(&header(input)?);
    let mut entries: Vec<Entry> = table
        .iter()
        .map(|t| match *t {
            Row::Free { next, generation } => Entry::Free { next, generation },
            Row::InUse { generation, .. } => Entry::Direct {
                offset: 0,
                generation,
            },
        })
        .collect();
    let mut packed: Vec<&Object> = Vec::new();
    for object in &objects {
        match object.body {
            // Only objects of generation 0 may live in an object stream.
            Some(_) if object.generation == 0 => packed.push(object),
            _ => {
                entries[object.number as usize] = Entry::Direct {
                    offset: out.len(),
                    generation: object.generation,
                };
                out.extend_from_slice(object.whole);
            }
        }
    }
    let mut number = size;
    for chunk in packed.chunks(PER_STREAM) {
        let (mut offsets, mut data) = (String::new(), Vec::new());
        for (index, object) in chunk.iter().enumerate() {
            offsets.push_str(&format!("{} {} ", object.number, data.len()));
            data.extend_from_slice(object.body.unwrap_or_default());
            data.push(b'\n');
            entries[object.number as usize] = Entry::Packed {
                stream: number,
                index: index as u32,
            };
        }
        let first = offsets.len();
        let mut content = offsets.into_bytes();
        content.extend_from_slice(&data);
        let dict = format!(
            "/Type /ObjStm\n  /N {}\n  /First {first}\n  /Filter /FlateDecode",
            chunk.len()
        );
        entries.push(Entry::Direct {
            offset: out.len(),
            generation: 0,
        });
        write_stream(&mut out, number, &dict, &deflate(&content)?);
        number += 1;
    }

    // The cross-reference stream is the last object, and lists itself.
    let xref_number = number;
    let xref_offset = out.len();
    entries.push(Entry::Direct {
        offset: xref_offset,
        generation: 0,
    });
    let widest = entries
        .iter()
        .map(|e| match *e {
            Entry::Free { next, .. } => next as usize,
            Entry::Direct { offset, .. } => offset,
            Entry::Packed { stream, .. } => stream as usize,
        })
        .max()
        .unwrap_or(0);
    let width = (usize::BITS - widest.leading_zeros()).div_ceil(8).max(1) as usize;
    let rows = xref_rows(&entries, width);
    let columns = 1 + width + 2;
    let dict = format!(
        "/Type /XRef\n  /Size {}\n  /W [1 {width} 2]\n  /Filter /FlateDecode\n  /DecodeParms << \
            /Predictor 12 /Columns {columns} >>{}",
        entries.len(),
        trailer_entries(trailer)?
    );
    write_stream(
        &mut out,
        xref_number,
        &dict,
        &deflate(&png_up(&rows, columns))?,
    );
    out.extend_from_slice(format!("startxref\n{xref_offset}\n%%EOF").as_bytes());
    Some(out)
}

/// A row of the input's cross-reference table.
#[derive(Clone, Copy)]
enum Row {
    Free { next: u32, generation: u16 },
    InUse { offset: usize, generation: u16 },
}

/// The offset after the last `startxref`.
fn start_xref(input: &[u8]) -> Option<usize> {
    let at = rfind(input, b"startxref")?;
    std::str::from_utf8(&input[at + 9..])
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The cross-reference table at `at` (one row per object number from 0) and the text of the
/// trailer dictionary after it.
fn read_table(input: &[u8], at: usize) -> Option<(Vec<Row>, &[u8])> {
    let rest = input.get(at..)?.strip_prefix(b"xref")?;
    let trailer_at = find(rest, b"trailer")?;
    let text = std::str::from_utf8(&rest[..trailer_at]).ok()?;
    let mut words = text.split_whitespace();
    let mut rows = Vec::new();
    while let Some(start) = words.next() {
        let (start, count): (usize, usize) = (start.parse().ok()?, words.next()?.parse().ok()?);
        // Typst writes one section from 0; anything else is a layout this pass does not know.
        if start != rows.len() {
            return None;
        }
        for _ in 0..count {
            let (first, generation, kind) = (
                words.next()?.parse().ok()?,
                words.next()?.parse().ok()?,
                words.next()?,
            );
            rows.push(match kind {
                "n" => Row::InUse {
                    offset: first,
                    generation,
                },
                "f" => Row::Free {
                    next: u32::try_from(first).ok()?,
                    generation,
                },
                _ => return None,
            });
        }
    }
    let trailer = &rest[trailer_at + 7..];
    let end = find(trailer, b"startxref").unwrap_or(trailer.len());
    Some((rows, &trailer[..end]))
}

/// Every object in use, in file order, each checked to start with its own `N G obj`.
fn locate<'a>(input: &'a [u8], table: &[Row], xref_at: usize) -> Option<Vec<Object<'a>>> {
    let mut starts: Vec<(usize, u32, u16)> = table
        .iter()
        .enumerate()
        .filter_map(|(n, row)| match *row {
            Row::InUse { offset, generation } => Some((offset, n as u32, generation)),
            Row::Free { .. } => None,
        })
        .collect();
    starts.sort_unstable();
    let mut objects = Vec::with_capacity(starts.len());
    for (i, &(offset, number, generation)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(xref_at, |s| s.0);
        let whole = input.get(offset..end)?;
        let head = format!("{number} {generation} obj");
        let inner = whole.strip_prefix(head.as_bytes())?;
        let inner = trim_end(inner).strip_suffix(b"endobj")?;
        let inner = trim(inner);
        // A stream's data may hold any bytes; it ends with `endstream`, which nothing else can.
        let body = (!inner.ends_with(b"endstream")).then_some(inner);
        objects.push(Object {
            number,
            generation,
            whole,
            body,
        });
    }
    Some(objects)
}

/// The input's first two lines (version and binary marker), the version raised to 1.5 when
/// lower, since object streams arrived in PDF 1.5.
fn header(input: &[u8]) -> Option<Vec<u8>> {
    let first = find(input, b"\n")?;
    let version = std::str::from_utf8(input[..first].strip_prefix(b"%PDF-")?)
        .ok()?
        .trim();
    let (major, minor) = version.split_once('.')?;
    let old = (major.parse::<u32>().ok()?, minor.parse::<u32>().ok()?) < (1, 5);
    let second = first + 1 + find(&input[first + 1..], b"\n")?;
    let mut out = if old {
        b"%PDF-1.5\n".to_vec()
    } else {
        input[..=first].to_vec()
    };
    if input.get(first + 1) == Some(&b'%') {
        out.extend_from_slice(&input[first + 1..=second]);
    }
    out.push(b'\n');
    Some(out)
}

/// The trailer's entries but `/Size` (the cross-reference stream gives its own), as written.
fn trailer_entries(trailer: &[u8]) -> Option<String> {
    let open = find(trailer, b"<<")? + 2;
    let close = rfind(trailer, b">>")?;
    let mut inner = trailer.get(open..close)?.to_vec();
    let mut at = 0;
    while let Some(i) = find(&inner[at..], b"/Size") {
        let key = at + i;
        let value = inner[key + 5..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(inner.len(), |p| key + 5 + p);
        let end = inner[value..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(inner.len(), |p| value + p);
        if end > value {
            inner.drain(key..end);
            break;
        }
        at = key + 5;
    }
    Some(format!(
        "\n  {}",
        String::from_utf8(trim(&inner).to_vec()).ok()?
    ))
}

/// One row of 1 + `width` + 2 bytes per object: type, offset or stream, generation or index.
fn xref_rows(entries: &[Entry], width: usize) -> Vec<u8> {
    let mut rows = Vec::with_capacity(entries.len() * (width + 3));
    for entry in entries {
        let (kind, field, last) = match *entry {
            Entry::Free { next, generation } => (0u8, next as usize, u32::from(generation)),
            Entry::Direct { offset, generation } => (1, offset, u32::from(generation)),
            Entry::Packed { stream, index } => (2, stream as usize, index),
        };
        rows.push(kind);
        rows.extend_from_slice(&field.to_be_bytes()[size_of::<usize>() - width..]);
        rows.extend_from_slice(&last.to_be_bytes()[2..]);
    }
    rows
}

/// The PNG "Up" predictor (`/Predictor 12`): each row as its difference from the one above,
/// which turns the slowly growing offsets into runs of zeros that compress well.
fn png_up(rows: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() + rows.len() / columns);
    let mut above = vec![0u8; columns];
    for row in rows.chunks(columns) {
        out.push(2);
        out.extend(row.iter().zip(&above).map(|(b, a)| b.wrapping_sub(*a)));
        above.copy_from_slice(row);
    }
    out
}

fn write_stream(out: &mut Vec<u8>, number: u32, dict: &str, data: &[u8]) {
    out.extend_from_slice(
        format!(
            "{number} 0 obj\n<<\n  {dict}\n  /Length {}\n>>\nstream\n",
            data.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n\n");
}

/// `data` compressed with Flate (zlib), at the default level.
pub(crate) fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 4), Compression::default());
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

fn has_key(dict: &[u8], key: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = find(&dict[at..], key) {
        let after = dict.get(at + i + key.len());
        if after.is_none_or(|c| !c.is_ascii_alphanumeric()) {
            return true;
        }
        at += i + key.len();
    }
    false
}

/// Where `needle` first occurs in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` last occurs in `haystack`.
pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

fn trim(bytes: &[u8]) -> &[u8] {
    let bytes = trim_end(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::date::Date;

    /// A small tagged PDF/A-2a + PDF/UA-1 file as Typst writes it.
    fn plain() -> Vec<u8> {
        let date = Date {
            year: 2026,
            month: 3,
            day: 4,
        };
        let main = "#set document(title: [Test])\n#set text(font: \"DejaVu Sans\", lang: \"en\", \
            region: \"GB\")\n= Heading\n\nText.\n\n#table(columns: 2, table.header[A][B], [1], \
            [2])\n";
        let world = crate::render::pdf::world::PapersWorld::new(main.to_owned(), Some(date));
        let doc = typst::compile::<typst_layout::PagedDocument>(&world)
            .output
            .expect("compiles");
        let standards = typst_pdf::PdfStandards::new(&[
            typst_pdf::PdfStandard::A_2a,
            typst_pdf::PdfStandard::Ua_1,
        ])
        .unwrap();
        let timestamp =
            typst::foundations::Datetime::from_ymd(2026, 3, 4).map(typst_pdf::Timestamp::new_utc);
        let options = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom("test".into()),
            timestamp,
            standards,
            tagged: true,
            ..Default::default()
        };
        typst_pdf::pdf(&doc, &options).expect("exports")
    }

    #[test]
    fn every_dictionary_moves_into_object_streams_and_every_stream_stays_byte_for_byte() {
        let plain = plain();
        let packed = object_streams(&plain).expect("Typst's layout is understood");
        assert!(
            packed.len() < plain.len(),
            "{} bytes packed, {} plain",
            packed.len(),
            plain.len()
        );
        let xref_at = start_xref(&plain).unwrap();
        let (table, _) = read_table(&plain, xref_at).unwrap();
        let objects = locate(&plain, &table, xref_at).unwrap();
        assert!(
            objects.iter().any(|o| o.body.is_none()) && objects.iter().any(|o| o.body.is_some())
        );
        for object in objects.iter().filter(|o| o.body.is_none()) {
            assert!(
                find(&packed, object.whole).is_some(),
                "stream object {} copied as written",
                object.number
            );
        }
        let (before, after) = (
            lopdf::Document::load_mem(&plain).unwrap(),
            lopdf::Document::load_mem(&packed).unwrap(),
        );
        for (id, object) in &before.objects {
            let kept = after
                .objects
                .get(id)
                .unwrap_or_else(|| panic!("object {id:?} is gone"));
            match (object, kept) {
                (lopdf::Object::Stream(a), lopdf::Object::Stream(b)) => {
                    assert!(a.dict == b.dict && a.content == b.content, "{id:?}")
                }
                (a, b) => assert_eq!(a, b, "{id:?}"),
            }
        }
        assert_eq!(
            before.trailer.get(b"ID").unwrap(),
            after.trailer.get(b"ID").unwrap(),
            "the document ID is kept"
        );
        assert_eq!(
            object_streams(&packed),
            None,
            "a file without a cross-reference table is left alone"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let plain = plain();
        assert_eq!(object_streams(&plain), object_streams(&plain));
    }

    #[test]
    fn files_of_another_layout_are_left_alone() {
        assert_eq!(object_streams(b"not a PDF"), None);
        let plain = plain();
        let xref_at = start_xref(&plain).unwrap();
        let mut encrypted = plain.clone();
        let trailer = xref_at + find(&plain[xref_at..], b"trailer\n<<").unwrap() + 10;
        encrypted.splice(trailer..trailer, b"\n  /Encrypt 99 0 R".iter().copied());
        assert_eq!(object_streams(&encrypted), None, "an encrypted file");
    }

    #[test]
    fn the_version_is_raised_to_1_5_when_lower() {
        assert_eq!(
            header(b"%PDF-1.4\n%\x80\x80\x80\x80\n\n1 0 obj").unwrap(),
            b"%PDF-1.5\n%\x80\x80\x80\x80\n\n"
        );
        assert_eq!(
            header(b"%PDF-1.7\n%\x80\x80\x80\x80\n\n1 0 obj").unwrap(),
            b"%PDF-1.7\n%\x80\x80\x80\x80\n\n"
        );
    }

    #[test]
    fn the_up_predictor_takes_each_row_from_the_one_above() {
        assert_eq!(
            png_up(&[1, 0, 10, 1, 0, 12], 3),
            vec![2, 1, 0, 10, 2, 0, 0, 2]
        );
        let dict =
            trailer_entries(b"\n<<\n  /Size 12\n  /Root 1 0 R\n  /ID [<ab> <ab>]\n>>\n").unwrap();
        assert_eq!(dict, "\n  /Root 1 0 R\n  /ID [<ab> <ab>]");
    }
}
