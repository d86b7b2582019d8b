package raster

import (
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/assets"
)

// TestFontChain checks which font draws which script: the CJK subset for
// Latin, hanzi and hangul, the Noto Sans Latin subset for the accented
// letters the CJK subset lacks, Go Regular for nothing a label needs.
func TestFontChain(t *testing.T) {
	fs, err := NewFonts(assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs.fonts) != 3 {
		t.Fatalf("chain of %d fonts, want CJK, Latin, Go Regular", len(fs.fonts))
	}
	for _, tc := range []struct {
		r    rune
		font int
	}{
		{'A', 0}, {'é', 0}, {'图', 0}, {'們', 0}, {'라', 0}, {'선', 0}, {'평', 0},
		{'Ł', 1}, {'ş', 1}, {'Č', 1}, {'ơ', 0}, {'ệ', 0}, {'Ж', 0}, {'ǎ', 0},
	} {
		i, ok := fs.glyphFont(tc.r)
		if !ok {
			t.Errorf("%q (U+%04X): no font has it", tc.r, tc.r)
			continue
		}
		if strings.ContainsRune("ЖǎơệĈ", tc.r) {
			continue // either font may have it: only coverage matters
		}
		if i != tc.font {
			t.Errorf("%q (U+%04X) drawn with font %d, want %d", tc.r, tc.r, i, tc.font)
		}
	}
	// Passing the Latin font explicitly does not add it twice.
	fs2, err := NewFonts(assets.LabelFont, assets.LabelFontLatin)
	if err != nil || len(fs2.fonts) != 3 {
		t.Errorf("explicit Latin font: %d fonts, %v", len(fs2.fonts), err)
	}
	// No label font: Latin only, still no boxes for accented Latin.
	fs3, err := NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	if miss := fs3.Missing("Łódź Škofja Loka Hà Nội São Paulo"); len(miss) > 0 {
		t.Errorf("Latin-only chain lacks %q", string(miss))
	}
}
