//! Smaller PDFs: built files keep their dictionaries in object streams, rebuild to the same
//! bytes, and hold exactly the objects (tags, XMP metadata, document ID) that Typst wrote.

mod support;

use std::path::Path;

use lopdf::{Document, Object};
use support::*;

/// A report with a heading, numbered paragraphs, a table and an action plan: tags of many kinds.
fn write_inputs(dir: &Path) {
    report("Parking review")
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status"],
                &[
                    "Signs",
                    "Replace the signs",
                    "Highways",
                    "March 2027",
                    "On target",
                ],
                &[
                    "Signs",
                    "Repaint the bays",
                    "Highways",
                    "Ongoing",
                    "Delayed",
                ],
            ],
        )
        .text_sheet(
            "Car parks",
            &[
                &["Name", "Spaces"],
                &["St Andrew's", "500"],
                &["Rose Lane", "300"],
            ],
        )
        .write(&dir.join("inputs/parking.xlsx"));
}

fn build(dir: &Path, object_streams: bool) -> Vec<u8> {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_papers"));
    command
        .args(["build", "--force", "--quiet"])
        .current_dir(dir);
    if !object_streams {
        command.env("PAPERS_OBJECT_STREAMS", "0");
    }
    let run = command.output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    std::fs::read(out(dir, "parking.pdf")).unwrap()
}

/// An object, with a stream compared by its dictionary and data (not where it was read from).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(a), Object::Stream(b)) => a.dict == b.dict && a.content == b.content,
        _ => a == b,
    }
}

fn type_name(object: &Object) -> Vec<u8> {
    let dict = match object {
        Object::Stream(s) => &s.dict,
        Object::Dictionary(d) => d,
        _ => return Vec::new(),
    };
    dict.get(b"Type")
        .and_then(Object::as_name)
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

/// The structure types of the tag tree under `object`, depth first.
fn tags(doc: &Document, object: &Object, out: &mut Vec<String>) {
    let object = match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    };
    match object {
        Object::Array(items) => items.iter().for_each(|i| tags(doc, i, out)),
        Object::Dictionary(dict) => {
            if let Ok(kind) = dict.get(b"S").and_then(Object::as_name) {
                out.push(String::from_utf8_lossy(kind).into_owned());
            }
            if let Ok(kids) = dict.get(b"K") {
                tags(doc, kids, out);
            }
        }
        _ => {}
    }
}

#[test]
fn built_pdfs_use_object_streams_and_keep_every_object_as_typst_wrote_it() {
    let dir = project();
    write_inputs(dir.path());
    let plain = build(dir.path(), false);
    let packed = build(dir.path(), true);
    assert_eq!(
        build(dir.path(), true),
        packed,
        "rebuilding gives the same bytes"
    );

    assert!(
        plain.windows(5).any(|w| w == b"\nxref"),
        "without the pass, Typst's cross-reference table"
    );
    assert!(
        packed.windows(13).any(|w| w == b"/Type /ObjStm"),
        "object streams"
    );
    assert!(
        packed.windows(11).any(|w| w == b"/Type /XRef"),
        "a cross-reference stream"
    );
    assert!(
        !packed.windows(5).any(|w| w == b"\nxref"),
        "no cross-reference table"
    );
    assert!(
        packed.starts_with(b"%PDF-1.7\n%"),
        "PDF 1.7 (object streams need 1.5), binary marker kept"
    );
    assert!(
        packed.len() * 10 < plain.len() * 8,
        "{} bytes packed, {} plain",
        packed.len(),
        plain.len()
    );

    let (plain_doc, packed_doc) = (
        Document::load_mem(&plain).unwrap(),
        Document::load_mem(&packed).unwrap(),
    );
    for (id, object) in &plain_doc.objects {
        let kept = packed_doc
            .objects
            .get(id)
            .unwrap_or_else(|| panic!("object {id:?} is gone"));
        assert!(
            same(object, kept),
            "object {id:?} changed:\n{object:?}\n{kept:?}"
        );
    }
    for (id, object) in &packed_doc.objects {
        if !plain_doc.objects.contains_key(id) {
            assert!(
                [&b"ObjStm"[..], b"XRef"].contains(&type_name(object).as_slice()),
                "object {id:?} is new: {object:?}"
            );
        }
    }
    for key in [&b"Root"[..], b"Info", b"ID"] {
        assert_eq!(
            plain_doc.trailer.get(key).ok(),
            packed_doc.trailer.get(key).ok(),
            "trailer {}",
            String::from_utf8_lossy(key)
        );
    }

    // The XMP metadata is still a plain, unfiltered stream with the PDF/A and PDF/UA claims,
    // and the tag tree is all there.
    let catalog = packed_doc.catalog().unwrap();
    let xmp = packed_doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    assert!(
        xmp.dict.get(b"Filter").is_err(),
        "PDF/A wants the XMP uncompressed"
    );
    let xmp = String::from_utf8_lossy(&xmp.content);
    for want in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(xmp.contains(want), "XMP lacks {want}");
    }
    let mut found = Vec::new();
    tags(
        &packed_doc,
        catalog.get(b"StructTreeRoot").unwrap(),
        &mut found,
    );
    for want in ["Document", "H1", "P", "Table", "TH", "TD"] {
        assert!(
            found.iter().any(|t| t == want),
            "no {want} tag in {found:?}"
        );
    }
    assert_eq!(
        squash(&pdf_text_bytes(&packed)),
        squash(&pdf_text_bytes(&plain)),
        "the same text"
    );
}
