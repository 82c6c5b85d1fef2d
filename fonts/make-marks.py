#!/usr/bin/env python3
"""Builds fonts/PapersMarks.ttf, the font of the marks Papers draws: the alignment tick and the
impact assessment's check boxes.

A mark must look like a glyph and be read as words. So this font shapes the words themselves
into the mark, as a ligature: "Yes" becomes the tick (U+2713), "marked" the crossed box (U+2612)
and "not<NBSP>marked" the empty box (U+2610), one glyph each. The page shows the mark, and the
PDF writer maps the mark's glyph to the words it was shaped from (its ToUnicode), so search,
copy and every reader get the words, once. (An earlier version followed each mark with an
empty joining glyph, to make the writer add an ActualText; PDF/A wants every glyph mapped to
text, so the joining glyph was mapped to words too and a box read "marked not marked" wherever
ActualText was ignored. The font has no helper glyph now: every glyph it has is a mark or a
letter.) The outlines and metrics are
DejaVu Sans's own (see LICENSE-DejaVu.txt; a modified font must not be called DejaVu, Bitstream
or Vera), so the marks look exactly as before. The letters keep their outlines, so a word that
somehow failed to shape would still print as the word.

Run from the repository root: `python3 fonts/make-marks.py` (needs fontTools 4.x).
"""

from fontTools import subset
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont

SOURCE = "fonts/DejaVuSans.ttf"
TARGET = "fonts/PapersMarks.ttf"
FAMILY = "Papers Marks"

# The mark glyphs and the words each one is read as.
MARKS = {"uni2713": "Yes", "uni2612": "marked", "uni2610": "not\u00a0marked"}

font = TTFont(SOURCE)
cmap = font.getBestCmap()
letters = sorted({c for word in MARKS.values() for c in word} | {" "})
options = subset.Options()
options.layout_features = []
options.name_IDs = []
options.notdef_outline = True
options.glyph_names = True
options.hinting = False
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=[ord(c) for c in letters] + [0x2713, 0x2612, 0x2610])
subsetter.subset(font)

# The marks are reached through their words only: a tick typed as U+2713 stays DejaVu's.
for table in font["cmap"].tables:
    for code in (0x2713, 0x2612, 0x2610):
        table.cmap.pop(code, None)

font["post"].formatType = 2.0
font["post"].extraNames = []
font["post"].mapping = {}

names = {c: font.getBestCmap()[ord(c)] for c in letters}
ligatures = "\n".join(
    f"  sub {' '.join(names[c] for c in word)} by {mark};" for mark, word in MARKS.items()
)
addOpenTypeFeaturesFromString(font, f"""
languagesystem DFLT dflt;
languagesystem latn dflt;
lookup WORDS {{
{ligatures}
}} WORDS;
feature rlig {{ lookup WORDS; }} rlig;
""")

name = font["name"]
name.names = []
for nid, value in {
    0: "Glyphs from DejaVu Sans: Copyright (c) 2003 by Bitstream, Inc. All Rights Reserved. DejaVu changes are in public domain.",
    1: FAMILY,
    2: "Regular",
    3: "PapersMarks-Regular",
    4: FAMILY,
    5: "Version 1.0",
    6: "PapersMarks-Regular",
}.items():
    name.setName(value, nid, 3, 1, 0x409)
    name.setName(value, nid, 1, 0, 0)
font["OS/2"].achVendID = "NONE"
font["head"].created = font["head"].modified = 0
font.save(TARGET, reorderTables=True)
print(f"wrote {TARGET}")
