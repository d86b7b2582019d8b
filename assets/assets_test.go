package assets

import (
	"io/fs"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestLabelFontCoversLabels checks that the font parses with x/image (it
// is CFF-based) and has real glyphs, not .notdef, for Latin, simplified
// and traditional Chinese, Hangul and kana.
func TestLabelFontCoversLabels(t *testing.T) {
	f, err := sfnt.Parse(LabelFont)
	if err != nil {
		t.Fatalf("parse LabelFont: %v", err)
	}
	var buf sfnt.Buffer
	const text = "Tumen 图们 珲春 두만강 훈춘 平壤 서울 ソウル 臺北 香港 臺灣 廣東 圖們 龍井 鴨綠江 옌지 룽징 라선 Ürümqi –·"
	for _, r := range text {
		if r == ' ' {
			continue
		}
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			t.Errorf("no glyph for %q (U+%04X): index %d, %v", r, r, gi, err)
			continue
		}
		segs, err := f.LoadGlyph(&buf, gi, fixed.I(16), nil)
		if err != nil || len(segs) == 0 {
			t.Errorf("glyph for %q: %d segments, %v", r, len(segs), err)
		}
	}
	if n := f.NumGlyphs(); n < 15_000 {
		t.Errorf("%d glyphs, want GB 2312 and all Hangul (>15,000)", n)
	}
}

// TestLabelFontLatin checks the fallback font for the Latin letters the CJK
// font lacks.
func TestLabelFontLatin(t *testing.T) {
	cjk, err := sfnt.Parse(LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	latin, err := sfnt.Parse(LabelFontLatin)
	if err != nil {
		t.Fatalf("parse LabelFontLatin: %v", err)
	}
	var buf sfnt.Buffer
	lacking := 0
	for _, r := range "Łódź Čačak Şanlıurfa Bắc Kạn Ürümqi Москва Αθήνα" {
		if r == ' ' {
			continue
		}
		if gi, _ := cjk.GlyphIndex(&buf, r); gi == 0 {
			lacking++
		}
		if gi, err := latin.GlyphIndex(&buf, r); err != nil || gi == 0 {
			t.Errorf("LabelFontLatin: no glyph for %q (U+%04X)", r, r)
		}
	}
	if lacking == 0 {
		t.Log("LabelFont now covers all test letters: the fallback may be unnecessary")
	}
}

// TestLabelFontDraws measures a CJK string through opentype.NewFace, the
// way the renderer uses the font.
func TestLabelFontDraws(t *testing.T) {
	f, err := opentype.Parse(LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	if w := font.MeasureString(face, "图们 두만강"); w < fixed.I(50) {
		t.Errorf("width %v, want about 6 full-width glyphs at 12 px", w)
	}
}

func TestFontLicense(t *testing.T) {
	if !strings.Contains(FontLicense, "SIL OPEN FONT LICENSE Version 1.1") {
		t.Error("fonts/OFL.txt does not hold the OFL text")
	}
}

func TestBasemapFiles(t *testing.T) {
	names, err := fs.Glob(Basemap, "basemap/*.bin")
	if err != nil || len(names) != 3 {
		t.Errorf("basemap files %v, %v; want 3", names, err)
	}
}
