//! The fonts Papers typesets with: DejaVu Sans, built into the binary and loaded once per process.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

/// DejaVu Sans (Bitstream Vera licence, see `fonts/LICENSE-DejaVu.txt`): an open sans-serif
/// that covers the ticks and boxes (✓ ✔ ✗ ☐ ☒) and the letters of Welsh, Irish and Polish names.
const BUNDLED: [&[u8]; 4] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../fonts/DejaVuSans-BoldOblique.ttf"),
];

/// The family name templates set as the body font.
pub const DEFAULT_FAMILY: &str = "DejaVu Sans";

/// The process-wide font store, parsed on first use and shared by every compile.
pub fn store() -> &'static FontStore {
    static STORE: OnceLock<FontStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = FontStore::new();
        for data in BUNDLED {
            for font in Font::iter(Bytes::new(data)) {
                let info = font.info().clone();
                store.push((font, info));
            }
        }
        store
    })
}

/// The font book of [`store`].
pub fn book() -> &'static LazyHash<FontBook> {
    store().book()
}

/// Whether some bundled font has a glyph for `c`. Under PDF/A a missing glyph is a hard
/// error, so text is checked before it reaches Typst.
pub fn covers(c: char) -> bool {
    static REGULAR: OnceLock<Font> = OnceLock::new();
    let font = REGULAR.get_or_init(|| store().font(0).expect("the bundled regular font loads"));
    c.is_whitespace() || font.info().coverage.contains(c as u32)
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
}
