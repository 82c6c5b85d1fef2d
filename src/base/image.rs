//! Checks a logo before any document uses it: an image Typst can decode, within a size in
//! bytes (see [`crate::config`]) and in pixels, so that a bad logo is one configuration error
//! rather than a failure of every document.

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

/// The widest or tallest logo, in pixels.
const MAX_SIDE: u32 = 4096;
/// The most pixels a logo may have (width × height).
const MAX_PIXELS: u64 = 8_000_000;

/// Checks the logo's bytes for its extension (`png` or `svg`).
pub fn check_logo(ext: &str, bytes: &[u8]) -> Result<(), String> {
    match ext {
        "png" => {
            let (w, h) =
                png_size(bytes).ok_or("it is not a PNG image (its header is not a PNG's)")?;
            if w == 0
                || h == 0
                || w > MAX_SIDE
                || h > MAX_SIDE
                || u64::from(w) * u64::from(h) > MAX_PIXELS
            {
                return Err(format!(
                    "it is {w} × {h} pixels; a logo may be at most {MAX_SIDE} pixels a side and \
                        {MAX_PIXELS} pixels in all"
                ));
            }
            RasterImage::plain(Bytes::new(bytes.to_vec()), ExchangeFormat::Png)
                .map(|_| ())
                .map_err(|e| format!("it cannot be decoded as a PNG image: {e}"))
        }
        "svg" => {
            let svg = SvgImage::new(Bytes::new(bytes.to_vec()))
                .map_err(|e| format!("it cannot be read as an SVG image: {e:?}"))?;
            let (w, h) = (svg.width(), svg.height());
            if !(w > 0.0 && h > 0.0 && w <= f64::from(MAX_SIDE) && h <= f64::from(MAX_SIDE)) {
                return Err(format!(
                    "its size is {w} × {h}; an SVG logo may be at most {MAX_SIDE} units a side"
                ));
            }
            Ok(())
        }
        other => Err(format!("a logo must be an SVG or PNG file, not .{other}")),
    }
}

/// Width and height from a PNG's IHDR chunk, read before anything is decoded.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || !bytes.starts_with(SIGNATURE) || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn logos_are_checked_before_use() {
        assert!(
            check_logo("png", b"not a png")
                .unwrap_err()
                .contains("not a PNG")
        );
        assert!(
            check_logo("png", &png_header(100_000, 100_000))
                .unwrap_err()
                .contains("100000 × 100000 pixels")
        );
        assert!(
            check_logo("png", &png_header(10, 10))
                .unwrap_err()
                .contains("cannot be decoded")
        );
        assert!(check_logo("svg", b"<html>").is_err());
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="navy"/></svg>"#;
        assert!(check_logo("svg", svg).is_ok());
        let huge = br#"<svg xmlns="http://www.w3.org/2000/svg" width="900000" height="40"></svg>"#;
        assert!(check_logo("svg", huge).is_err());
    }
}
