// Package assets holds the files embedded in the binary: the offline world
// basemap written by cmd/nebuild and the label font. Both are generated at
// development time and committed, so building the app needs no network and
// no ../shared data.
package assets

import "embed"

// Basemap holds basemap/<level>.bin, one file per level of detail
// in the format of internal/basemap (see its codec.go). Use basemap.Load
// rather than reading it directly.
//
//go:embed basemap/*.bin
var Basemap embed.FS

// LabelFont is the map label font: Noto Sans CJK SC, an OpenType (CFF)
// font subset by cmd/nebuild/subset-font.sh to Latin, punctuation, every
// character of the embedded place names, the hanzi of GB 2312 and Big5
// level 1 (simplified and common traditional), all Hangul syllables and kana. It is licensed under the SIL Open Font License 1.1
// (fonts/OFL.txt). Parse it with golang.org/x/image/font/opentype or sfnt.
//
// It lacks much of Latin Extended (Ł, Č, ş) and the Vietnamese letters:
// draw any rune whose glyph index here is 0 with LabelFontLatin.
//
//go:embed fonts/NotoSansCJKsc-Regular-subset.otf
var LabelFont []byte

// LabelFontLatin is the fallback for runes LabelFont lacks: Noto Sans
// (TrueType, same design family, SIL OFL 1.1) subset to Latin with
// Extended-A/B and Vietnamese, Greek, Cyrillic and combining marks.
//
//go:embed fonts/NotoSans-Regular-subset.ttf
var LabelFontLatin []byte

// FontLicense is the text of the label fonts' licence, for an "about" box.
//
//go:embed fonts/OFL.txt
var FontLicense string
