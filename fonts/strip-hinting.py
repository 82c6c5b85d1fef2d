#!/usr/bin/env python3
"""Writes fonts/PapersSans*.ttf and fonts/DejaVuSans*.ttf, the Liberation Sans (renamed Papers Sans)
and the DejaVu Sans that Papers bundles, without TrueType hinting.

Hinting (the font programs in the fpgm and prep tables, the control values in cvt, each glyph's
instructions, and the hdmx, LTSH and VDMX tables of hinted device metrics) tells a rasteriser
how to snap outlines to a screen's pixels. A PDF viewer does not run it, yet Typst's PDF writer
embeds it with every glyph it subsets, about half of each embedded font. Everything else is
kept as it is: outlines, metrics, kerning and other layout tables, names and the version, so
that text is shaped, laid out and drawn exactly as before.

Names: DejaVu's licence (LICENSE-DejaVu.txt) allows modified fonts under any name without
"Bitstream" or "Vera" in it, so DejaVu Sans keeps its name. Liberation Sans is under the SIL
Open Font License 1.1 (LICENSE-Liberation.txt) with the Reserved Font Names "Liberation" and
"Arimo": a Modified Version (and a font with its hinting deleted is one) may not use them, so
this script renames it Papers Sans (family, full and PostScript names) and says what it was
made from in the font's description. Its copyright, trademark and licence notices are kept.

The sources are DejaVu Sans 2.37 and Liberation Sans 2.1.5 as Debian ships them (packages
fonts-dejavu-core and fonts-liberation2), checked by their SHA-256 below. Run once, by hand,
from the repository root, after `apt-get install fonts-dejavu-core fonts-liberation2
python3-fonttools`:

    python3 fonts/strip-hinting.py [DEJAVU_DIR [LIBERATION_DIR]]

The folders default to /usr/share/fonts/truetype/dejavu and
/usr/share/fonts/truetype/liberation2. The build never runs this script: the files it writes
are committed. fonts/make-marks.py builds Papers Marks from the result (it
drops hinting itself, so it makes the same font from either).
"""

import hashlib
import os
import sys

from fontTools.ttLib import TTFont

DEJAVU = {
    "DejaVuSans.ttf": "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322",
    "DejaVuSans-Bold.ttf": "0d977336a6d5fba34eab8e3199eb218327161b5143749f802982c2bc34df0c96",
    "DejaVuSans-Oblique.ttf": "eef1a593cc0a4654f147fd1aa9a11e7d327eb8be6f3a35099182db6aeb5d28fe",
    "DejaVuSans-BoldOblique.ttf": "b7479266f14d71a019f79cb0ccc23acb6b130483317f7fff16182a0784031c9b",
}
LIBERATION = {
    "LiberationSans-Regular.ttf": "8d91388f1d3604b3b8ae0e3ee2d140e50cd6122f9214514f4aca772540a4076d",
    "LiberationSans-Bold.ttf": "ba0e0dc3f7aca5b0afbc31e800531ee43be3aa79ae35b2ef1f6470a9547765c4",
    "LiberationSans-Italic.ttf": "01f559e5c501d3d5777647c6a92b3ff37a4523bcf4f3b6e97ae052af567618b1",
    "LiberationSans-BoldItalic.ttf": "15c1068175252e4adee6d3721bf74064ffe437f679d9dbaeacd03fa7711a041b",
}

# Tables that only hinting uses.
HINTING_TABLES = ["fpgm", "prep", "cvt ", "cvar", "hdmx", "LTSH", "VDMX"]

dejavu_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu"
liberation_dir = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/fonts/truetype/liberation2"
SOURCES = [(dejavu_dir, name, digest) for name, digest in DEJAVU.items()] + [
    (liberation_dir, name, digest) for name, digest in LIBERATION.items()
]
FAMILY = "Papers Sans"


def rename(font):
    """Names a modified Liberation Sans Papers Sans, as the OFL asks of a Modified Version."""
    table = font["name"]
    style = table.getDebugName(2)  # Regular, Bold, Italic, Bold Italic
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    postscript = "PapersSans-" + style.replace(" ", "")
    version = table.getDebugName(5)
    about = (
        "Liberation Sans 2.1.5 (Red Hat; based on Arimo by Steve Matteson) with its TrueType "
        "hinting removed and renamed, for Papers; metrics and outlines unchanged."
    )
    for record in list(table.names):
        if record.nameID in (1, 4, 6, 16, 17, 18, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, FAMILY),
        (2, style),
        (3, f"{FAMILY} {style}; {version}"),
        (4, full),
        (6, postscript),
        (10, about),
    ):
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


for source_dir, name, digest in SOURCES:
    path = os.path.join(source_dir, name)
    with open(path, "rb") as f:
        found = hashlib.sha256(f.read()).hexdigest()
    if found != digest:
        sys.exit(f"{path}: not the font Debian ships (sha256 {found})")
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
    if name.startswith("Liberation"):
        rename(font)
        name = name.replace("LiberationSans", "PapersSans")
    target = os.path.join("fonts", name)
    font.save(target)
    before, after = os.path.getsize(path), os.path.getsize(target)
    print(f"{target}: {before} -> {after} bytes")
