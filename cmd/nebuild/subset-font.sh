#!/bin/sh
# subset-font.sh writes the label fonts the map renderer draws with, both
# under the SIL Open Font License 1.1, cut down to what map labels need:
#   assets/fonts/NotoSansCJKsc-Regular-subset.otf  Noto Sans CJK SC (CFF)
#   assets/fonts/NotoSans-Regular-subset.ttf       Noto Sans (TrueType)
# Noto Sans CJK lacks much of Latin Extended (Ł, Č, ş, ...) and all of the
# Vietnamese letters (Bắc Kạn), which Natural Earth's Latin names use, so
# the renderer falls back to Noto Sans for any rune the CJK font lacks.
# Run it from the repository root after cmd/nebuild changes which names are
# embedded:
#
#	sh cmd/nebuild/subset-font.sh [path/to/naturalearth]
#
# Needs Debian's fonts-noto-cjk, fonts-noto-core and python3-fonttools
# (apt-get install -y fonts-noto-cjk fonts-noto-core python3-fonttools).
#
# What the CJK subset keeps, and why:
#   - Basic Latin, Latin-1, Latin Extended-A, general punctuation, and the
#     CJK and full-width punctuation: Latin-script labels and separators.
#   - every character of every name Natural Earth gives (NAME, NAME_ZH,
#     NAME_ZHT, NAME_KO, NAME_JA) plus our own additions (cmd/nebuild -chars),
#     so no embedded label can fall back to a box; traditional forms for
#     Taiwan and Hong Kong come in this way.
#   - the 6,763 hanzi of GB 2312: site names and aliases users type are
#     mostly simplified Chinese; and the 5,401 frequent hanzi of Big5 (level
#     1), for traditional-script sources from Taiwan and Hong Kong (about
#     3,000 of them are not already in GB 2312).
#   - all 11,172 precomposed Hangul syllables (U+AC00–D7A3): one contiguous
#     range is cheap, and KS X 1001's 2,350 would miss rarer syllables in
#     North Korean names.
#   - hiragana and katakana (NE's NAME_JA and Japanese sources).
# Hinting is dropped (the renderer rasterises itself with anti-aliasing), and
# so are vertical metrics and layout tables other than kerning: x/image does
# no shaping, and CJK labels are set horizontally.
set -eu

src=${1:-../shared/data/naturalearth}
ttc=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
out=assets/fonts/NotoSansCJKsc-Regular-subset.otf
py=/usr/bin/python3 # Debian's python3-fonttools, not a pyenv shim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Characters of all names; this also rewrites assets/basemap (deterministic).
go run ./cmd/nebuild -src "$src" -out assets/basemap -chars "$tmp/names.txt"

# GB 2312 hanzi are rows 16–87 (bytes B0–F7 A1–FE) in EUC-CN; Big5's
# frequent hanzi are A440–C67E.
"$py" - "$tmp/hanzi.txt" <<'EOF'
import sys
def hanzi(codec, first, last):
    out = []
    for code in range(first, last + 1):
        try:
            c = code.to_bytes(2, "big").decode(codec)
        except UnicodeDecodeError:
            continue  # unassigned cell
        if "\u4e00" <= c <= "\u9fff":
            out.append(c)
    return out
gb = hanzi("gb2312", 0xB0A1, 0xF7FE)
big5 = hanzi("big5", 0xA440, 0xC67E)
open(sys.argv[1], "w", encoding="utf-8").write("".join(gb + big5) + "\n")
print(len(gb), "GB 2312 hanzi,", len(big5), "Big5 level-1 hanzi,", len(set(gb + big5)), "distinct")
EOF

mkdir -p assets/fonts
"$py" -m fontTools.subset "$ttc" --font-number=2 \
	--output-file="$out" \
	--text-file="$tmp/names.txt" --text-file="$tmp/hanzi.txt" \
	--unicodes="U+0020-007E,U+00A0-017F,U+2000-206F,U+20A9,U+20AC,U+2190-2193,U+2212,U+25A0-25CF,U+3000-303F,U+3040-30FF,U+AC00-D7A3,U+FF01-FF5E,U+FF61-FF9F" \
	--layout-features=kern --no-hinting --desubroutinize \
	--drop-tables+=vhea,vmtx,VORG,BASE,GSUB \
	--name-IDs='*' --name-languages='*' --notdef-outline --recommended-glyphs

# The Latin fallback: Latin (with Extended-A/B and Vietnamese), Greek,
# Cyrillic, combining marks and punctuation, plus the names' characters.
"$py" -m fontTools.subset /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf \
	--output-file=assets/fonts/NotoSans-Regular-subset.ttf \
	--text-file="$tmp/names.txt" \
	--unicodes="U+0020-007E,U+00A0-024F,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+20A0-20BF,U+2212" \
	--layout-features=kern --no-hinting \
	--name-IDs='*' --name-languages='*' --notdef-outline --recommended-glyphs

# The licence travels with the fonts (OFL 1.1 requires it). Debian keeps the
# text in its copyright file, indented, with " ." for blank lines.
{
	echo "NotoSansCJKsc-Regular-subset.otf (Noto Sans CJK SC 2.004):"
	echo "  © 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
	echo "NotoSans-Regular-subset.ttf (Noto Sans 2.004):"
	echo "  Copyright 2015 Google LLC. All Rights Reserved."
	echo
	echo "Both are subsets made for Site Atlas by cmd/nebuild/subset-font.sh from"
	echo "Debian's fonts-noto-cjk and fonts-noto-core, and are licensed, like the"
	echo "originals, under the SIL Open Font License, Version 1.1:"
	echo
	zcat -f /usr/share/doc/fonts-noto-cjk/copyright |
		awk '/^License: SIL-1.1$/ && seen++ {on=1; next} on && /^License:/ {on=0} on' |
		sed -e 's/^ \.$//' -e 's/^ //'
} >assets/fonts/OFL.txt

ls -l assets/fonts
