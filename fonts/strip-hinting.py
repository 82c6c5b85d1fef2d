#!/usr/bin/env python3
"""Writes fonts/DejaVuSans*.ttf, the DejaVu Sans that Papers bundles, without TrueType hinting.

Hinting (the font programs in the fpgm and prep tables, the control values in cvt, each glyph's
instructions, and the hdmx, LTSH and VDMX tables of hinted device metrics) tells a rasteriser
how to snap outlines to a screen's pixels. A PDF viewer does not run it, yet Typst's PDF writer
embeds it with every glyph it subsets, about half of each embedded font. Everything else is
kept as it is: outlines, metrics, kerning and other layout tables, names and the version, so
that text is shaped, laid out and drawn exactly as before. The fonts keep their name: the
licence (LICENSE-DejaVu.txt) allows modified fonts under any name without "Bitstream" or
"Vera" in it.

The sources are DejaVu Sans 2.37 as Debian ships it (package fonts-dejavu-core), checked by
their SHA-256 below. Run once, by hand, from the repository root, after
`apt-get install fonts-dejavu-core python3-fonttools`:

    python3 fonts/strip-hinting.py [SOURCE_DIR]

SOURCE_DIR defaults to /usr/share/fonts/truetype/dejavu. The build never runs this script: the
files it writes are committed. fonts/make-marks.py builds Papers Marks from the result (it
drops hinting itself, so it makes the same font from either).
"""

import hashlib
import os
import sys

from fontTools.ttLib import TTFont

SOURCES = {
    "DejaVuSans.ttf": "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322",
    "DejaVuSans-Bold.ttf": "0d977336a6d5fba34eab8e3199eb218327161b5143749f802982c2bc34df0c96",
    "DejaVuSans-Oblique.ttf": "eef1a593cc0a4654f147fd1aa9a11e7d327eb8be6f3a35099182db6aeb5d28fe",
    "DejaVuSans-BoldOblique.ttf": "b7479266f14d71a019f79cb0ccc23acb6b130483317f7fff16182a0784031c9b",
}

# Tables that only hinting uses.
HINTING_TABLES = ["fpgm", "prep", "cvt ", "cvar", "hdmx", "LTSH", "VDMX"]

source_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu"
for name, digest in SOURCES.items():
    path = os.path.join(source_dir, name)
    with open(path, "rb") as f:
        found = hashlib.sha256(f.read()).hexdigest()
    if found != digest:
        sys.exit(f"{path}: not DejaVu Sans 2.37 as Debian ships it (sha256 {found})")
    # Keep the bounding boxes and the modification date as the font has them.
    font = TTFont(path, recalcBBoxes=False, recalcTimestamp=False)
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for glyph_name in font.getGlyphOrder():
        glyf[glyph_name].removeHinting()
    maxp = font["maxp"]
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    target = os.path.join("fonts", name)
    font.save(target)
    before, after = os.path.getsize(path), os.path.getsize(target)
    print(f"{target}: {before} -> {after} bytes")
