//! The fonts Papers typesets with: Papers Sans (Liberation Sans, Arial's metrics), DejaVu Sans
//! and Papers Marks, built into the binary and loaded once per process.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

/// Papers Sans (SIL Open Font License, see `fonts/LICENSE-Liberation.txt`): Liberation Sans
/// 2.1.5 without hinting, renamed as its licence asks of a modified font. It has Arial's
/// metrics, so papers set in it look and run as the Arial that councils' house styles name.
/// DejaVu Sans (Bitstream Vera licence, see `fonts/LICENSE-DejaVu.txt`): an open sans-serif
/// that covers the ticks and boxes (✓ ✔ ✗ ☐ ☒) and the letters of Welsh, Irish and Polish
/// names; the templates fall back to it for any glyph the body face lacks. Papers Marks
/// (`fonts/make-marks.py`, DejaVu's outlines) last: it shapes the words a mark is read as
/// ("Yes", "marked", "not marked") into the tick and the boxes, one glyph each, so that the
/// PDF maps each mark to its words.
const BUNDLED: [&[u8]; 9] = [
    include_bytes!("../../fonts/PapersSans-Regular.ttf"),
    include_bytes!("../../fonts/PapersSans-Bold.ttf"),
    include_bytes!("../../fonts/PapersSans-Italic.ttf"),
    include_bytes!("../../fonts/PapersSans-BoldItalic.ttf"),
    include_bytes!("../../fonts/DejaVuSans.ttf"),
    include_bytes!("../../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../../fonts/DejaVuSans-BoldOblique.ttf"),
    include_bytes!("../../fonts/PapersMarks.ttf"),
];

/// What identifies the bundled fonts for a build's fingerprint: their sizes (any change to
/// them, such as their hinting removed, changes a size), so that outputs made with other
/// fonts are typeset again. Costs nothing: no font is read.
pub fn bundled_identity() -> String {
    BUNDLED
        .iter()
        .map(|f| f.len().to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The family name templates set as the body font unless papers.toml names another.
pub const DEFAULT_FAMILY: &str = "Papers Sans";

/// The bundled face for glyphs the body font lacks (ŵ in some faces, ✓, arrows).
pub const FALLBACK_FAMILY: &str = "DejaVu Sans";

/// The bundled families, which papers.toml may name without a fonts folder.
pub const BUNDLED_FAMILIES: [&str; 2] = [DEFAULT_FAMILY, FALLBACK_FAMILY];

/// The names house styles give the Arial-metric face ("Arial", "Liberation Sans"): they mean
/// the bundled Papers Sans unless the project's fonts folder has a family of that name.
pub const ARIAL_NAMES: [&str; 3] = ["Arial", "Liberation Sans", "Arimo"];

/// The process-wide font store: the bundled fonts, then the project's (see [`init`]).
static STORE: OnceLock<FontStore> = OnceLock::new();

/// A fingerprint of the project fonts the store was built with.
static EXTRA: OnceLock<String> = OnceLock::new();

/// Builds the store with the project's own fonts (a `fonts` folder in papers.toml) after the
/// bundled ones. Call it before the first compile: the store is built once per process, so a
/// second call with other fonts is refused.
pub fn init(extra: Vec<Vec<u8>>) -> Result<(), String> {
    let fingerprint = {
        let mut hasher = crate::base::hash::Hasher::new();
        for bytes in &extra {
            hasher.update(bytes);
        }
        hasher.hex()
    };
    STORE.get_or_init(|| {
        let _ = EXTRA.set(fingerprint.clone());
        build(extra.into_iter().map(Bytes::new))
    });
    match EXTRA.get() {
        Some(f) if *f == fingerprint => Ok(()),
        _ => Err("the fonts were already loaded in this process; they cannot change".to_owned()),
    }
}

/// The process-wide font store, parsed on first use and shared by every compile.
pub fn store() -> &'static FontStore {
    STORE.get_or_init(|| {
        let _ = EXTRA.set(crate::base::hash::Hasher::new().hex());
        build(std::iter::empty())
    })
}

fn build(extra: impl Iterator<Item = Bytes>) -> FontStore {
    let mut store = FontStore::new();
    for data in BUNDLED.into_iter().map(Bytes::new).chain(extra) {
        for font in Font::iter(data) {
            let info = font.info().clone();
            store.push((font, info));
        }
    }
    store
}

/// The families of every loaded font, as their fonts name them, in load order.
pub fn families() -> Vec<String> {
    let book = book();
    let mut out: Vec<String> = Vec::new();
    for info in (0..).map_while(|i| book.info(i)) {
        if !out.contains(&info.family) {
            out.push(info.family.clone());
        }
    }
    out
}

/// The font book of [`store`].
pub fn book() -> &'static LazyHash<FontBook> {
    store().book()
}

/// Whether some loaded font (bundled or the project's) has a glyph for `c`: Typst falls
/// back to any of them. Under PDF/A a missing glyph is a hard error, so text is checked
/// before it reaches Typst.
pub fn covers(c: char) -> bool {
    let book = book();
    c.is_whitespace()
        || (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_covers_ticks_boxes_and_names() {
        for c in "✓✔✗☐☒ŵŷâÓłśŁŚĄęźżćńŴŶáéíóú’–…£€".chars() {
            assert!(covers(c), "{c} ({:#x}) is not covered", c as u32);
        }
        assert!(!covers('\u{4E2D}'), "CJK is not in DejaVu Sans");
    }

    #[test]
    fn the_bundled_families_are_loaded() {
        let families = families();
        for family in BUNDLED_FAMILIES.iter().chain(&["Papers Marks"]) {
            assert!(
                families.iter().any(|f| f == family),
                "{family}: {families:?}"
            );
        }
        // The Arial-metric face under its own name only: the licence reserves "Liberation".
        assert!(
            !families.iter().any(|f| f.contains("Liberation")),
            "{families:?}"
        );
    }

    /// The tags of a TrueType file's tables.
    fn tables(font: &[u8]) -> Vec<[u8; 4]> {
        let count = u16::from_be_bytes([font[4], font[5]]) as usize;
        (0..count)
            .map(|i| font[12 + 16 * i..16 + 16 * i].try_into().unwrap())
            .collect()
    }

    #[test]
    fn bundled_fonts_carry_no_hinting() {
        // A PDF viewer never runs hinting, and the PDF writer would embed it with every
        // glyph (see fonts/strip-hinting.py).
        for font in BUNDLED {
            let tags = tables(font);
            assert!(tags.contains(b"glyf") && tags.contains(b"maxp"), "{tags:?}");
            for hinting in [b"fpgm", b"prep", b"cvt ", b"hdmx", b"VDMX", b"LTSH"] {
                assert!(
                    !tags.contains(hinting),
                    "{}",
                    String::from_utf8_lossy(hinting)
                );
            }
            // maxp's largest glyph program: no glyph has instructions left.
            let maxp = tags.iter().position(|t| t == b"maxp").unwrap();
            let record = 12 + 16 * maxp;
            let at = u32::from_be_bytes(font[record + 8..record + 12].try_into().unwrap());
            let at = at as usize;
            assert_eq!(&font[at + 26..at + 28], &[0, 0], "maxSizeOfInstructions");
        }
    }
}
