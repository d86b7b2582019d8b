package pdf

import (
	"testing"

	"github.com/siteatlas/siteatlas/assets"
)

// FuzzFont feeds truncated and corrupted fonts to the font reader and both
// subsetters: they must return an error or a font, never panic or hang.
func FuzzFont(f *testing.F) {
	latin := assets.LabelFontLatin
	f.Add(latin)
	f.Add(latin[:len(latin)/2])
	f.Add(latin[:300])
	// The CJK font is big; seed with its directory and a slice with the head
	// of the CFF table so the fuzzer reaches the CFF reader quickly.
	cjk := assets.LabelFont
	f.Add(cjk[:4096])
	f.Add([]byte("OTTO\x00\x01"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := parseFont(data)
		if err != nil {
			return
		}
		for r := range font.sf.cmap {
			g, _ := font.glyph(r)
			font.use(g, r)
			if len(font.used) > 50 {
				break
			}
		}
		font.program()
		font.widths()
		font.toUnicode()
	})
}

// FuzzCFF exercises the CFF table reader and subsetter directly.
func FuzzCFF(f *testing.F) {
	sf, err := parseSFNT(assets.LabelFont)
	if err != nil {
		f.Fatal(err)
	}
	cff := sf.tables["CFF "]
	f.Add(cff[:30000], 5)
	f.Add(cff[:100], 3)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n < 1 || n > 1000 {
			return
		}
		parseCFF(data, n)
		subsetCFF(data, map[uint16]bool{1: true, 2: true})
	})
}
