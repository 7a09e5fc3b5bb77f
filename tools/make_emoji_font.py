"""Build resources/fonts/AnchorDeskEmoji.ttf: the emoji viewers type in live chat.

Source: Noto Color Emoji (SIL Open Font License 1.1) from Debian's
``fonts-noto-color-emoji`` package (/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf).
The font is subset to :data:`CODEPOINTS` (faces, hearts, hands and the shopping and
celebration symbols of a live room), its bitmaps kept as they are (CBDT colour PNGs),
and renamed "AnchorDesk Emoji" (the OFL reserves no name for Noto Emoji, but a renamed
subset can never be confused with a full Noto installed on the system).

Run: ``python tools/make_emoji_font.py`` (needs fontTools).
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "AnchorDeskEmoji.ttf"
FAMILY = "AnchorDesk Emoji"

RANGES = (
    (0x1F600, 0x1F64F),  # emoticons: every face and hand gesture of the block
    (0x1F910, 0x1F92F),  # supplemental faces: 🤣 🤔 🤩 🤪 🤭 🤗 🤑
    (0x1F970, 0x1F97A),  # 🥰 🥳 🥺
    (0x1F493, 0x1F49F),  # hearts 💓 … 💟
    (0x1F44A, 0x1F450),  # hands 👊 👋 👌 👍 👎 👏 👐
)
SINGLES = (
    "❤ ♥ ☺ ✌ ✋ ✊ ✨ ⭐ ⚡ ✅ ❌ ❗ ❓ ⏰ ☀ ⛄ ✔ "
    "🙌 🙏 💪 👀 👄 💋 🔥 💯 🎉 🎊 🎁 🎀 🎈 🎶 🎵 🌹 🌸 🌟 🍀 🍓 🍉 🍰 🧧 "
    "💰 💎 💄 💅 👗 👠 👜 👛 🕶 👓 🛍 📦 🚚 🛒 💳 📱 🏆 🥇 👑 🆗 🆕 🔗 💥 💤 💦 "
    "🤝 🤞 🤟 🫶 🥹 🫠 🤍 🧡 💛 💚 💙 💜 🖤 🤎 💔"
)
EXTRA = (0x200D, 0xFE0F, 0x20E3)  # zero-width joiner, emoji presentation, keycap


def codepoints() -> list[int]:
    points = {cp for lo, hi in RANGES for cp in range(lo, hi + 1)}
    points.update(ord(ch) for ch in SINGLES if not ch.isspace())
    points.update(EXTRA)
    return sorted(points)


def build(source: Path = SOURCE, out: Path = OUT) -> Path:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source), recalcTimestamp=False)  # same input, same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName("AnchorDeskEmoji", 6, record.platformID, record.platEncID, record.langID)
    font.save(str(out))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    out = build(args.source, args.out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"{out}: {out.stat().st_size:,} bytes, {len(codepoints())} code points, sha256 {digest}")


if __name__ == "__main__":
    main()
