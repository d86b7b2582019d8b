package basemap

import (
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/siteatlas/siteatlas/assets"
)

// TestNamesHaveGlyphs checks that every character of every embedded name
// has a glyph in the label font or its Latin fallback, so no label shows a
// box. If it fails after a data change, rerun cmd/nebuild/subset-font.sh.
func TestNamesHaveGlyphs(t *testing.T) {
	var fonts []*sfnt.Font
	for _, data := range [][]byte{assets.LabelFont, assets.LabelFontLatin} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	covered := map[rune]bool{}
	has := func(r rune) bool {
		if ok, seen := covered[r]; seen {
			return ok
		}
		for _, f := range fonts {
			if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
				covered[r] = true
				return true
			}
		}
		covered[r] = false
		return false
	}
	missing := 0
	for _, lvl := range mustLoad(t).Levels {
		for _, f := range lvl.Features {
			for _, s := range []string{f.Name, f.NameZH, f.NameKO} {
				for _, r := range s {
					if r != ' ' && !has(r) {
						if missing++; missing <= 20 {
							t.Errorf("%s %q: no glyph for %q (U+%04X)", lvl.Name, s, r, r)
						}
					}
				}
			}
		}
	}
}
