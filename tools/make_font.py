"""Build the CJK UI font that AnchorDesk ships in ``resources/fonts/``.

Why this exists: the UI is Chinese and English and must render Simplified Chinese on every
machine, including Windows/macOS installs and Linux/offscreen test boxes that have no CJK
font at all. Shipping the full Noto Sans CJK collection (~20 MB per weight) is too heavy, so
this script cuts the Simplified Chinese face down to what a Chinese UI actually needs and
renames it so it can never be confused with (or shadow) an installed Noto.

What it does, reproducibly (same input files give byte-identical output):

1. Reads the "Noto Sans CJK SC" face out of Debian's ``fonts-noto-cjk`` collections
   (``apt-get install fonts-noto-cjk``), Regular and Bold.
2. Subsets it with fontTools to the code points in :data:`RANGES` (Latin, punctuation,
   CJK symbols, fullwidth forms, common UI symbols and all of GB2312, which includes the
   6763 GB2312 hanzi and therefore the 3500 常用字). CFF outlines and hints are kept.
3. Adds the few ballot/multiplication X marks (✗ ✕ ✘ ✖) that Noto CJK lacks, drawn to
   match its ✓, and maps ✔ onto ✓, so status marks never fall back to tofu.
4. Renames the family to ``AnchorDesk Sans SC`` in both the ``name`` table and the CFF
   table (the collection's CFF still says ``NotoSansCJKjp``).
5. Writes ``OFL.txt`` next to the fonts from the Debian package's license text.

Run: ``python tools/make_font.py`` (needs ``fonttools``; see ``resources/fonts/README.md``).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.cffLib import TopDict
from fontTools.misc.psCharStrings import T2CharString
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "resources" / "fonts"
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

SOURCE_FACE = "Noto Sans CJK SC"
"""Face picked out of each collection by its family name, not by index, so a repacked
collection with a different face order still yields the Simplified Chinese design."""

FAMILY = "AnchorDesk Sans SC"
PS_FAMILY = "AnchorDeskSansSC"
FILE_STEM = "NotoSansSC-AnchorDesk"

WEIGHTS: dict[str, str] = {
    "Regular": "NotoSansCJK-Regular.ttc",
    "Bold": "NotoSansCJK-Bold.ttc",
}
"""Style name -> collection file. Debian ships only these two weights of the Sans CJK
collection; Regular + Bold is what Qt needs for normal and bold UI text."""

LAYOUT_FEATURES = ["ccmp", "liga", "calt", "kern", "mark", "mkmk"]
"""OpenType features kept. Everything else in Noto CJK (locl, vert, fwid/hwid/pwid, aalt,
ruby, palt, ...) pulls in thousands of alternate glyphs (JP/KR/TC forms, vertical forms)
that a horizontal, Simplified-Chinese-only UI never shows; dropping them halves the size."""

DROP_TABLES = ["vhea", "vmtx", "VORG"]
"""Vertical-writing metrics: Qt widgets lay text out horizontally only."""


@dataclass(frozen=True)
class CodeRange:
    """An inclusive range of code points to keep, with a human-readable reason."""

    first: int
    last: int
    label: str

    def codepoints(self) -> range:
        """All code points of the range (inclusive)."""
        return range(self.first, self.last + 1)


RANGES: tuple[CodeRange, ...] = (
    CodeRange(0x0020, 0x007E, "Basic Latin"),
    CodeRange(0x00A0, 0x00FF, "Latin-1 Supplement (yen sign, multiplication sign, middle dot)"),
    CodeRange(0x2000, 0x206F, "General Punctuation (dashes, ellipsis, curly quotes)"),
    CodeRange(0x20A0, 0x20CF, "Currency Symbols (euro sign)"),
    CodeRange(0x2100, 0x214F, "Letterlike Symbols (degree Celsius, numero, trade mark)"),
    CodeRange(0x2150, 0x218F, "Number Forms (Roman numerals)"),
    CodeRange(0x2190, 0x21FF, "Arrows"),
    CodeRange(0x2460, 0x24FF, "Enclosed Alphanumerics (circled digits)"),
    CodeRange(0x25A0, 0x25FF, "Geometric Shapes (triangles, circles, squares)"),
    CodeRange(0x2600, 0x26FF, "Miscellaneous Symbols (stars, warning sign), text forms only"),
    CodeRange(0x2700, 0x27BF, "Dingbats (check mark; the X marks are added by this script)"),
    CodeRange(
        0x3000, 0x303F, "CJK Symbols and Punctuation (ideographic comma, full stop, brackets)"
    ),
    CodeRange(
        0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms (fullwidth punctuation, fullwidth yen)"
    ),
)
"""Code point blocks kept besides GB2312. Only code points the source face actually maps
end up in the font; Noto CJK has no colour emoji, so nothing here is an emoji glyph."""

CHECK_MARK = 0x2713
"""✓: the reference glyph whose advance, vertical centre and FD the synthesized X marks copy."""

X_MARK_SIZE = 0.9
"""Side of the (square) X mark as a fraction of ✓'s advance. A square, side-bearing-padded
X reads as a mark next to ✓; one filling ✓'s full box looked like a Latin capital X."""

ALIASES: dict[int, int] = {0x2714: CHECK_MARK}
"""Missing code point -> existing code point whose glyph it reuses (✔ -> ✓)."""

SYNTH_X_MARKS: dict[int, float] = {0x2717: 1.2, 0x2715: 1.2, 0x2718: 1.8, 0x2716: 1.8}
"""Missing X marks to draw -> stroke weight relative to the font's vertical-bar stem:
✗ BALLOT X and ✕ MULTIPLICATION X light, ✘ and ✖ heavy."""

OFL_HEADER = """\
Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.
Noto is a trademark of Google Inc.

The fonts in this folder (AnchorDesk Sans SC, files NotoSansSC-AnchorDesk-*.otf) are a
Modified Version of Noto Sans CJK SC 2.004: subset, with a few X-mark glyphs added, and
renamed. They are licensed under the SIL Open Font License, Version 1.1, reproduced below
and also available with a FAQ at: https://openfontlicense.org

"""
"""Upstream's LICENSE header (noto-cjk Sans/LICENSE). Debian's copyright file carries the
OFL body but not this line, so it is spelled out here; OFL condition 2 requires it."""


def gb2312_codepoints() -> set[int]:
    """Every character of GB2312, found by decoding each double-byte code.

    Why decode instead of a hard-coded list: Python's codec *is* the standard's table, so
    the set (6763 hanzi + 682 symbols, kana, Greek, Cyrillic, pinyin, box drawing) cannot
    drift from it.
    """
    chars: set[int] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(ch) for ch in text)
    return chars


def wanted_codepoints() -> set[int]:
    """The full set of code points to request from the subsetter."""
    points = gb2312_codepoints()
    for block in RANGES:
        points.update(block.codepoints())
    return points


def load_face(collection: Path, family: str) -> TTFont:
    """Return the face of ``collection`` whose family name (name ID 1) is ``family``."""
    faces = TTCollection(str(collection), lazy=True).fonts
    for index, face in enumerate(faces):
        if face["name"].getDebugName(1) == family:
            # recalcTimestamp=False keeps head.modified from the source: reproducible bytes.
            return TTFont(str(collection), fontNumber=index, recalcTimestamp=False)
    names = [face["name"].getDebugName(1) for face in faces]
    raise SystemExit(f"{collection}: no face named {family!r} (found {names})")


def subset_face(font: TTFont, codepoints: Iterable[int]) -> None:
    """Cut ``font`` down to ``codepoints`` in place, keeping CFF outlines and hints."""
    options = subset.Options()
    options.layout_features = list(LAYOUT_FEATURES)
    options.drop_tables = [*options.drop_tables, *DROP_TABLES]
    options.name_IDs = ["*"]  # keep the credits; rename_family rewrites the naming IDs
    options.name_languages = ["*"]
    options.notdef_outline = True  # a visible box for anything still missing
    options.hinting = True  # CFF stem hints keep 12-14 px UI text crisp on Windows
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(codepoints)))
    subsetter.subset(font)


def _glyph_bounds(font: TTFont, glyph: str) -> tuple[float, float, float, float]:
    """Outline bounding box (xMin, yMin, xMax, yMax) of ``glyph``."""
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[glyph].draw(pen)
    if pen.bounds is None:
        raise ValueError(f"glyph {glyph} has no outline")
    return pen.bounds


def _intersect(
    p1: tuple[float, float],
    p2: tuple[float, float],
    q1: tuple[float, float],
    q2: tuple[float, float],
) -> tuple[float, float]:
    """Intersection of the infinite lines p1-p2 and q1-q2 (assumed not parallel)."""
    d1 = (p2[0] - p1[0], p2[1] - p1[1])
    d2 = (q2[0] - q1[0], q2[1] - q1[1])
    denom = d1[0] * d2[1] - d1[1] * d2[0]
    t = ((q1[0] - p1[0]) * d2[1] - (q1[1] - p1[1]) * d2[0]) / denom
    return (p1[0] + t * d1[0], p1[1] + t * d1[1])


def x_mark_outline(
    box: tuple[float, float, float, float], stroke: float
) -> list[tuple[float, float]]:
    """Outline of an X filling ``box``, as one overlap-free counter-clockwise polygon.

    Each arm is a parallelogram cut flat by the top and bottom of the box, with
    perpendicular thickness ``stroke``. The union of the two arms is star-shaped around the
    centre, so sorting the 8 arm corners and the 4 inner crossing points by angle yields
    the outline directly -- no boolean-path library needed, and no overlapping contours
    (which some rasterizers render with seams).
    """
    x0, y0, x1, y1 = box
    height = y1 - y0
    half = stroke / 2  # horizontal half-width of an arm, refined below
    for _ in range(8):  # the arm's slope depends on its own width: iterate to a fixed point
        run = (x1 - x0) - 2 * half
        half = stroke / 2 / (height / math.hypot(run, height))
    w = 2 * half
    # Rising arm (bottom-left to top-right): left and right edges.
    a_left = ((x0, y0), (x1 - w, y1))
    a_right = ((x0 + w, y0), (x1, y1))
    # Falling arm (top-left to bottom-right).
    b_left = ((x0, y1), (x1 - w, y0))
    b_right = ((x0 + w, y1), (x1, y0))
    corners = [*a_left, *a_right, *b_left, *b_right]
    crossings = [_intersect(*a, *b) for a in (a_left, a_right) for b in (b_left, b_right)]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    points = corners + crossings
    points.sort(key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
    return [(round(x), round(y)) for x, y in points]


def _free_cid_name(taken: set[str]) -> str:
    """A ``cidNNNNN`` glyph name not yet used, counted down from the top of the CID range."""
    for cid in range(65534, 0, -1):
        name = f"cid{cid:05d}"
        if name not in taken:
            return name
    raise RuntimeError("no free CID left")


def add_glyph(font: TTFont, outline: Sequence[tuple[float, float]], advance: int, fd: int) -> str:
    """Append a one-contour glyph to the CID-keyed CFF of ``font``; return its name.

    fontTools has no "add glyph" API for compiled CID-keyed CFF, so the parallel
    structures (CharStrings INDEX, charset, FDSelect, hmtx, glyph order) are extended by
    hand. The CFF width operand is relative to the Private dict's nominalWidthX.
    """
    cff = font["CFF "].cff
    top: TopDict = cff.topDictIndex[0]
    char_strings = top.CharStrings
    private = top.FDArray[fd].Private
    order = font.getGlyphOrder()
    name = _free_cid_name(set(order))

    pen = T2CharStringPen(advance - getattr(private, "nominalWidthX", 0), None)
    pen.moveTo(outline[0])
    for point in outline[1:]:
        pen.lineTo(point)
    pen.closePath()
    charstring: T2CharString = pen.getCharString(private=private, globalSubrs=cff.GlobalSubrs)

    char_strings.charStringsIndex.append(charstring)
    char_strings.charStrings[name] = len(char_strings.charStringsIndex) - 1
    top.FDSelect.append(fd)
    top.charset.append(name)
    font.setGlyphOrder([*order, name])
    font["hmtx"].metrics[name] = (advance, min(x for x, _ in outline))
    return name


def map_codepoint(font: TTFont, codepoint: int, glyph: str) -> None:
    """Point ``codepoint`` at ``glyph`` in every Unicode cmap subtable."""
    for table in font["cmap"].tables:
        if table.isUnicode() and (codepoint <= 0xFFFF or table.format in (12, 13)):
            table.cmap[codepoint] = glyph


def add_missing_marks(font: TTFont) -> None:
    """Give the font ✗ ✕ ✘ ✖ (drawn) and ✔ (alias of ✓), which Noto CJK lacks.

    The X marks reuse ✓'s advance, vertical centre and FD (Private dict), and take their
    stroke from the vertical bar ``|`` so they follow the weight of each style.
    """
    cmap = font.getBestCmap()
    check = cmap[CHECK_MARK]
    advance = font["hmtx"][check][0]
    check_box = _glyph_bounds(font, check)
    half = advance * X_MARK_SIZE / 2
    centre_y = (check_box[1] + check_box[3]) / 2
    box = (advance / 2 - half, centre_y - half, advance / 2 + half, centre_y + half)
    bar = _glyph_bounds(font, cmap[ord("|")])
    stem = bar[2] - bar[0]
    fd = font["CFF "].cff.topDictIndex[0].CharStrings.getItemAndSelector(check)[1] or 0

    made: dict[float, str] = {}
    for codepoint, weight in sorted(SYNTH_X_MARKS.items()):
        if codepoint in cmap:
            continue  # a newer source already has it: prefer the designer's glyph
        if weight not in made:
            made[weight] = add_glyph(font, x_mark_outline(box, stem * weight), advance, fd)
        map_codepoint(font, codepoint, made[weight])
    for codepoint, target in sorted(ALIASES.items()):
        if codepoint not in cmap:
            map_codepoint(font, codepoint, cmap[target])


def rename_family(font: TTFont, style: str) -> None:
    """Rename the font to :data:`FAMILY` everywhere a renderer might look.

    Why: OFL condition 3 forbids Reserved Font Names in Modified Versions (for Noto CJK the
    RFN is "Source"; "Noto" is a Google trademark), and a distinct name stops an installed
    full Noto from being picked instead of -- or confused with -- this subset. Windows
    (DirectWrite/GDI) and macOS may read the CFF names, which in the collection still say
    ``NotoSansCJKjp``, so those are rewritten as well.
    """
    ps_name = f"{PS_FAMILY}-{style}"
    source = font["name"]
    version = font["head"].fontRevision
    copyright_notice = source.getDebugName(0) or ""
    records = {
        0: f"{copyright_notice} Modified (subset, renamed) for AnchorDesk.",
        1: FAMILY,
        2: style,
        3: f"{version:.3f};ANCHORDESK;{ps_name}",
        4: f"{FAMILY} {style}" if style != "Regular" else FAMILY,
        5: f"Version {version:.3f}; subset of {SOURCE_FACE} for AnchorDesk",
        6: ps_name,
    }
    obsolete = {16, 17, 18, 21, 22, 25}  # typographic / Mac / WWS / variations names
    source.names = [
        rec for rec in source.names if rec.nameID not in records and rec.nameID not in obsolete
    ]
    for name_id, text in records.items():
        source.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, en-US only
    source.names.sort(key=lambda rec: (rec.platformID, rec.platEncID, rec.langID, rec.nameID))

    cff = font["CFF "].cff
    old_ps = cff.fontNames[0]
    cff.fontNames[0] = ps_name
    top: TopDict = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = records[4]
    top.Weight = style
    for fd_dict in getattr(top, "FDArray", []):
        fd_name = getattr(fd_dict, "FontName", "")
        if fd_name.startswith(old_ps):
            fd_dict.FontName = ps_name + fd_name[len(old_ps) :]


def build_weight(collection: Path, style: str, codepoints: set[int], out_dir: Path) -> Path:
    """Build one style and write it as ``<FILE_STEM>-<style>.otf``; return the path."""
    font = load_face(collection, SOURCE_FACE)
    subset_face(font, codepoints)
    add_missing_marks(font)
    rename_family(font, style)
    out_path = out_dir / f"{FILE_STEM}-{style}.otf"
    font.save(str(out_path))
    return out_path


def license_text(copyright_file: Path) -> str:
    """The SIL OFL 1.1 body as it appears in Debian's machine-readable copyright file.

    The ``License: SIL-1.1`` paragraph is indented by one space, with `` .`` for blank
    lines; undo that so OFL.txt reads like the usual license file.
    """
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    # "License: SIL-1.1" also ends the "Files: *" paragraph; the stand-alone one is the
    # occurrence followed by the indented license body.
    starts = [
        i + 1
        for i, line in enumerate(lines[:-1])
        if line == "License: SIL-1.1" and lines[i + 1].startswith(" ")
    ]
    if not starts:
        raise SystemExit(f"{copyright_file}: no 'License: SIL-1.1' paragraph")
    start = starts[0]
    body: list[str] = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    return "\n".join(body).strip("\n") + "\n"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options; defaults match the Debian package layout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source-dir",
        type=Path,
        default=DEFAULT_SOURCE_DIR,
        help="folder holding NotoSansCJK-{Regular,Bold}.ttc",
    )
    parser.add_argument(
        "--copyright-file",
        type=Path,
        default=DEBIAN_COPYRIGHT,
        help="Debian copyright file to take the OFL text from",
    )
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Build every weight plus OFL.txt and print what was written."""
    args = parse_args(argv)
    missing = [args.source_dir / name for name in WEIGHTS.values()]
    missing = [path for path in missing if not path.is_file()]
    if not args.copyright_file.is_file():
        missing.append(args.copyright_file)
    if missing:
        listed = ", ".join(str(path) for path in missing)
        print(
            f"missing {listed}\ninstall them with: apt-get install fonts-noto-cjk", file=sys.stderr
        )
        return 1

    args.out_dir.mkdir(parents=True, exist_ok=True)
    codepoints = wanted_codepoints()
    written: list[Path] = []
    for style, file_name in WEIGHTS.items():
        written.append(build_weight(args.source_dir / file_name, style, codepoints, args.out_dir))
    ofl = args.out_dir / "OFL.txt"
    ofl.write_text(OFL_HEADER + license_text(args.copyright_file), encoding="utf-8")
    written.append(ofl)

    total = 0
    for path in written:
        size = path.stat().st_size
        total += size
        print(f"{path.name:40} {size:>10,} B  sha256 {_sha256(path)[:16]}")
    print(f"{'total':40} {total:>10,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
